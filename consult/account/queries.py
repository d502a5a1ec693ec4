"""What the platform holds about one person: the copy they download (JSON)."""
from __future__ import annotations

from sqlalchemy import or_, select

from consult import db
from consult.audit import AuditEvent
from consult.auth.models import User
from consult.mail import OutgoingMail
from consult.submissions.models import Submission


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict:
    submissions = db.session.scalars(select(Submission).where(Submission.author_id == user.id).order_by(Submission.id))
    events = db.session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.actor_id == user.id, (AuditEvent.object_type == "users") & (AuditEvent.object_id == user.id)))
        .order_by(AuditEvent.id)
    )
    mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == user.email).order_by(OutgoingMail.id))
    return {
        "account": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "preferred_language": user.preferred_language,
            "email_confirmed_at": _iso(user.email_confirmed_at),
            "active": user.is_active_account,
            "created_at": _iso(user.created_at),
            "roles": sorted(r.value for r in user.roles),
        },
        "organisations": [
            {"id": m.organisation_id, "name": m.organisation.name, "role": m.role.value, "since": _iso(m.created_at)}
            for m in user.memberships if not m.organisation.is_individual
        ],
        # The person's own profile, when they took part as themselves.
        "myself": [
            {"name": m.organisation.name, "country": m.organisation.country,
             "origin_country": m.organisation.origin_country, "description": m.organisation.self_description,
             "since": _iso(m.created_at)}
            for m in user.memberships if m.organisation.is_individual
        ],
        "submissions_written": [
            {"reference": s.reference, "round": s.round.title, "organisation": s.organisation.name,
             "state": s.state.value, "title": s.title, "created_at": _iso(s.created_at)}
            for s in submissions
        ],
        "activity": [
            {"at": _iso(e.created_at), "action": e.action, "object": f"{e.object_type}/{e.object_id}",
             "from": e.from_state, "to": e.to_state, "reason": e.reason}
            for e in events
        ],
        "emails": [
            {"subject": m.subject, "queued_at": _iso(m.created_at), "sent_at": _iso(m.sent_at), "body": m.body}
            for m in mails
        ],
    }
