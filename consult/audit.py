"""The audit trail: who did what to which object, from which state to which, and why."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import db
from consult.db import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column()
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict | None] = mapped_column(JSON)

    # Named, not imported: the ground floor imports no capability (auth.models maps "User").
    actor: Mapped["User | None"] = relationship("User")  # noqa: F821


def record(actor, action: str, obj, *, from_state=None, to_state=None, reason=None, **details) -> AuditEvent:
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=str(action),
        object_type=obj.__tablename__,
        object_id=obj.id,
        from_state=str(from_state) if from_state is not None else None,
        to_state=str(to_state) if to_state is not None else None,
        reason=reason or None,
        details=details or None,
    )
    db.session.add(event)
    return event
