"""The search outbox: an append-only log of submissions whose search document may have
changed. Every capability that changes what the public may see writes to it inside its own
transaction (``enqueue``); ``consult/search/`` drains it into the index after commit. It sits
on the ground floor because it is written by many capabilities and imports none."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask import g, has_app_context
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from consult import db
from consult.db import Base, UTCDateTime, utcnow


class OutboxOperation(StrEnum):
    # "refresh" asks the indexer to look the submission up and index or remove it as the
    # public predicate says at that moment, so the order of entries never matters.
    REFRESH = "refresh"


class SearchOutbox(Base):
    """Append-only log of submissions whose search document may have changed.

    Each index remembers the last id it applied, so several servers can keep their own
    index from one database and a rebuilt index knows where to resume. No foreign key:
    the entry must outlive a deleted submission.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    submission_id: Mapped[int] = mapped_column(Integer, index=True)
    operation: Mapped[str] = mapped_column(String(20), default=OutboxOperation.REFRESH.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def enqueue(submission_id: int, operation: OutboxOperation = OutboxOperation.REFRESH) -> None:
    """Called by services inside their transaction: a rollback enqueues nothing."""
    db.session.add(SearchOutbox(submission_id=submission_id, operation=operation.value))
    if has_app_context():
        # Tells the after-request hook to drain once the response is sent (search/drain_hook.py).
        g.search_outbox_touched = True
