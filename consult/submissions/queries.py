"""Read helpers for submissions."""
from __future__ import annotations

from sqlalchemy import select

from consult import db
from consult.submissions.models import Submission


def get_by_reference(reference: str) -> Submission | None:
    return db.session.scalar(select(Submission).where(Submission.reference == reference))
