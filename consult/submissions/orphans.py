"""Stored files that no row points to.

A file is written and fsynced before the row that names it is committed, so that an
acknowledged upload survives a crash. The price is that a crash (or a refused transaction
the process could not clean up after) between the two leaves a file nobody can reach. They
are found here by comparing the upload folder with every row that names a stored file
(attachments, round documents, moderators' redacted versions: each model with a
``storage_key`` column, so that a new kind of stored file is never taken for an orphan).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from consult import db, files
from consult.db import Base


def find(min_age_seconds: float) -> list[Path]:
    """Files under the upload folder that no row names, last written at least
    ``min_age_seconds`` ago (a younger file may belong to a request still running)."""
    known: set[str] = set()
    for mapper in Base.registry.mappers:
        if "storage_key" in mapper.columns:
            known |= set(db.session.scalars(select(mapper.columns["storage_key"])))
    return files.unreferenced(known, min_age_seconds)
