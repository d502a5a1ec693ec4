"""Operations on who a person is to the platform: creating and finding accounts, logging in,
registration and confirmation, passwords, roles and deactivation. What a person changes on
their own account page is in ``consult.account.services``."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from consult import audit, db, mail
from consult.auth import tokens
from consult.auth.models import User, UserRole
from consult.auth.passwords import hash_password, needs_rehash, verify_password
from consult.db import utcnow
from consult.links import public_url_for
from consult.security import Role
from consult.web import Refused


_DUMMY_HASH = hash_password("timing equaliser for unknown accounts")


class AccountRefused(Refused):
    """A request about an account that cannot be carried out; the message says why."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, name: str, password: str, *, roles=(), actor=None, confirmed: bool = False) -> User:
    if find_by_email(email) is not None:
        raise AccountRefused(f"An account with the email {email} already exists.")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        email_confirmed_at=utcnow() if confirmed else None,
    )
    user.role_rows = [UserRole(role=Role(r)) for r in {Role.MEMBER, *roles}]
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "create_user", user, roles=sorted(r.value for r in user.roles))
    return user


def authenticate(email: str, password: str, *, locale: str | None = None) -> User | None:
    """The active user with this email and password, rehashing an outdated hash. A member
    who has not chosen a language yet keeps ``locale``, the one they logged in with."""
    user = find_by_email(email)
    if user is None:
        verify_password(_DUMMY_HASH, password)  # spend the same time: no account enumeration
        return None
    if not user.is_active or not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if locale and not user.preferred_language:
        set_preferred_language(user, locale, actor=user)
    return user


def log_in(email: str, password: str, *, locale: str | None = None) -> User:
    """``authenticate``, refused at the password field when it finds nobody: the message
    does not say whether the address or the password was wrong."""
    user = authenticate(email, password, locale=locale)
    if user is None:
        raise AccountRefused(_("The email address or password is not right."), field="password")
    return user


def end_all_sessions(user: User, *, actor) -> None:
    """Every session of this user (this browser and any other) stops working."""
    user.session_version += 1
    audit.record(actor, "end_sessions", user)


def set_preferred_language(user: User, locale: str, *, actor) -> None:
    """The language this person reads the site and their emails in (a locale code the
    caller has checked is offered)."""
    if user.preferred_language == locale:
        return
    audit.record(actor, "set_preferred_language", user, from_state=user.preferred_language or None, to_state=locale)
    user.preferred_language = locale
# --- registration and confirmation ------------------------------------------------------
def register(email: str, name: str, password: str, *, language: str = "en") -> User | None:
    """Create an unconfirmed account and email a confirmation link. When the address is
    already registered, email its owner instead and return None: the visitor sees the
    same page either way, and both paths hash a password, so neither the message nor the
    timing tells whether an account exists."""
    existing = find_by_email(email)
    if existing is not None:
        hash_password(password)  # the same work as a new account: similar timing
        with force_locale(existing.locale):  # the owner's language, not the visitor's
            mail.queue(existing.email, _("You already have an account"), "account_exists",
                       user=existing, reset_url=public_url_for("auth.reset_request"))
        return None
    user = create_user(email, name, password, actor=None)
    user.preferred_language = language
    audit.record(user, "register", user)
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    mail.queue(user.email, _("Confirm your email address"), "confirm_email", user=user,
               url=public_url_for("auth.confirm_email", token=tokens.make_confirm_token(user)))


def confirm_email(user: User) -> bool:
    """Mark the address confirmed; False when it already was (a link used twice)."""
    if user.email_confirmed_at is not None:
        return False
    user.email_confirmed_at = utcnow()
    audit.record(user, "confirm_email", user)
    return True


# --- passwords --------------------------------------------------------------------------
def request_password_reset(email: str) -> None:
    """Email a reset link when the account exists; nothing tells the visitor whether it does."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    with force_locale(user.locale):
        mail.queue(user.email, _("Reset your password"), "reset_password", user=user,
                   url=public_url_for("auth.reset_password", token=tokens.make_reset_token(user)))
    audit.record(None, "request_password_reset", user)


def set_password(user: User, password: str, *, actor, action: str = "change_password") -> None:
    """A new password ends every session of the user (the caller logs this browser in again
    when the person changed it themselves)."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    audit.record(actor, action, user)
    mail.queue(user.email, _("Your password was changed"), "password_changed", user=user)


def check_password(user: User, password: str) -> bool:
    return verify_password(user.password_hash, password)


# --- roles and deactivation (admins) ----------------------------------------------------
def set_roles(user: User, roles: set[Role], *, actor) -> None:
    """Give exactly ``roles`` (member is always held). An admin cannot take the admin role
    from themselves, so the platform is never left without the person doing the change."""
    roles = {Role.MEMBER, *roles}
    if actor is not None and actor.id == user.id and Role.ADMIN in user.roles and Role.ADMIN not in roles:
        raise AccountRefused(_("You cannot remove your own admin role; ask another admin."), field="roles")
    before = sorted(r.value for r in user.roles)
    user.role_rows = [row for row in user.role_rows if row.role in roles]
    held = user.roles
    user.role_rows.extend(UserRole(role=r) for r in roles - held)
    audit.record(actor, "set_roles", user, from_state=",".join(before),
                 to_state=",".join(sorted(r.value for r in roles)))


def set_active(user: User, active: bool, *, actor, reason: str | None = None) -> None:
    """Deactivate (or reactivate) a person: their sessions end; what they submitted stays
    with their organisation."""
    if actor is not None and actor.id == user.id and not active:
        raise AccountRefused(_("You cannot deactivate your own account here."), field="reason")
    if user.is_active_account == active:
        return
    user.is_active_account = active
    if not active:
        user.session_version += 1
    audit.record(actor, "reactivate_user" if active else "deactivate_user", user,
                 from_state="inactive" if active else "active", to_state="active" if active else "inactive",
                 reason=reason)


def reset_password(user: User, password: str) -> None:
    """A reset link was followed: new password, every session ended, and the address is
    confirmed (the link reached it)."""
    set_password(user, password, actor=user, action="reset_password")
    if user.email_confirmed_at is None:
        confirm_email(user)
