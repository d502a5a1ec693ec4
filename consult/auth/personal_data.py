"""What the platform holds about one person: a copy for them (JSON), and erasure.

Erasure deletes the account row, so the database's foreign keys do the rest in the same
transaction: memberships, roles and round staff places go (CASCADE); the submissions they
wrote, versions and redactions they made and audit entries they caused stay, pointing at
nobody (SET NULL), so the organisation keeps its submissions."""
from __future__ import annotations

from sqlalchemy import delete, or_, select

from consult import audit, db
from consult.audit import AuditEvent
from consult.auth.models import User
from consult.mail import OutgoingMail
from consult.organisations.models import Membership, MembershipRole
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
            for m in user.memberships
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


def erase(user: User) -> None:
    """Delete the account and everything personal about it, in the caller's transaction.
    An organisation whose last owner leaves this way passes to its longest-standing member."""
    for membership in list(user.memberships):
        org = membership.organisation
        if membership.role == MembershipRole.OWNER and [m.user_id for m in org.owners()] == [user.id]:
            heirs = sorted((m for m in org.memberships if m.role == MembershipRole.MEMBER), key=lambda m: m.created_at)
            if heirs:
                heirs[0].role = MembershipRole.OWNER
                audit.record(None, "inherit_ownership", org, to_state="owner")
    user_id = user.id
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.to_address == user.email))
    # Entries about the account itself may carry reasons written about the person.
    db.session.execute(delete(AuditEvent).where(AuditEvent.object_type == "users", AuditEvent.object_id == user_id))
    db.session.delete(user)
    db.session.flush()
    db.session.add(AuditEvent(actor_id=None, action="delete_account", object_type="users", object_id=user_id))
    db.session.flush()
