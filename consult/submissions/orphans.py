"""Stored files that no row points to.

A file is written and fsynced before the row that names it is committed, so that an
acknowledged upload survives a crash. The price is that a crash (or a refused transaction
the process could not clean up after) between the two leaves a file nobody can reach. They
are found here by comparing the upload folder with the attachment and round document rows.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from consult import db, files
from consult.rounds.models import RoundDocument
from consult.submissions.models import Attachment


def find(min_age_seconds: float) -> list[Path]:
    """Files under the upload folder that no row names, last written at least
    ``min_age_seconds`` ago (a younger file may belong to a request still running)."""
    known = set(db.session.scalars(select(Attachment.storage_key)))
    known |= set(db.session.scalars(select(RoundDocument.storage_key)))
    return files.unreferenced(known, min_age_seconds)
