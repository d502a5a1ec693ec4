from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

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
