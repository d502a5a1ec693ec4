"""Operations that change accounts."""
from __future__ import annotations

from sqlalchemy import func, select

from consult import audit, db
from consult.auth.models import User, UserRole
from consult.auth.passwords import hash_password, needs_rehash, verify_password
from consult.db import utcnow
from consult.security import Role


_DUMMY_HASH = hash_password("timing equaliser for unknown accounts")


class AccountError(Exception):
    """A request about an account that cannot be carried out; the message says why."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, name: str, password: str, *, roles=(), actor=None, confirmed: bool = False) -> User:
    if find_by_email(email) is not None:
        raise AccountError(f"An account with the email {email} already exists.")
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
