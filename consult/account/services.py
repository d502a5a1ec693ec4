"""What a person changes on their own account: profile, password, email address, and the
erasure of the account itself. Each operation that needs the current password checks it
here, so a wrong one is a refusal shown at the password field like any other.

Erasure deletes the account row, so the database's foreign keys do the rest in the same
transaction: memberships, roles and round staff places go (CASCADE); the submissions they
wrote, versions and redactions they made and audit entries they caused stay, pointing at
nobody (SET NULL), so the organisation keeps its submissions."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete

from consult import audit, db, mail
from consult.audit import AuditEvent
from consult.auth import services as auth_services
from consult.auth import tokens
from consult.auth.models import User
from consult.auth.services import AccountRefused, find_by_email, normalise_email
from consult.db import utcnow
from consult.links import public_url_for
from consult.mail import OutgoingMail
from consult.organisations import individuals
from consult.organisations.models import MembershipRole


def _require_password(user: User, password: str, message: str) -> None:
    if not auth_services.check_password(user, password):
        raise AccountRefused(message, field="current_password")


def resend_confirmation(user: User) -> None:
    """Another confirmation link, unless the address is confirmed already."""
    if not user.is_confirmed:
        auth_services.send_confirmation(user)


def update_profile(user: User, *, name: str, language: str, actor) -> None:
    user.name = name.strip()
    user.preferred_language = language
    audit.record(actor, "update_profile", user)


def change_password(user: User, *, current_password: str, password: str, actor) -> None:
    """Every session ends (the caller logs this browser in again)."""
    _require_password(user, current_password, _("This is not your current password."))
    auth_services.set_password(user, password, actor=actor)


def request_email_change(user: User, *, current_password: str, new_email: str) -> None:
    """Send a link to the new address; the change happens when it is followed. If the new
    address already has an account, its owner is told instead (no enumeration)."""
    _require_password(user, current_password, _("This is not your current password."))
    new_email = normalise_email(new_email)
    if find_by_email(new_email) is not None:
        mail.queue(new_email, _("Someone tried to use your address"), "email_taken", email=new_email)
        return
    mail.queue(new_email, _("Confirm your new email address"), "change_email", user=user, new_email=new_email,
               url=public_url_for("account.confirm_email_change", token=tokens.make_change_email_token(user, new_email)))


def change_email(user: User, new_email: str) -> None:
    """The link sent to the new address was followed."""
    if find_by_email(new_email) is not None:
        raise AccountRefused(_("Another account already uses this address."))
    old = user.email
    user.email = normalise_email(new_email)
    user.email_confirmed_at = utcnow()
    audit.record(user, "change_email", user)
    mail.queue(old, _("Your email address was changed"), "email_changed", user=user)


def delete_account(user: User, *, current_password: str) -> None:
    """The person deletes their own account, confirming with their password."""
    _require_password(user, current_password, _("This is not your password."))
    erase(user)


def erase(user: User) -> None:
    """Delete the account and everything personal about it, in the caller's transaction.
    An organisation whose last owner leaves this way passes to its longest-standing member."""
    for membership in list(user.memberships):
        org = membership.organisation
        if org.is_individual:  # their own profile: their input stays, never with their name
            individuals.forget(org)
            continue
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
