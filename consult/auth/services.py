"""Operations that change accounts."""
from __future__ import annotations

from sqlalchemy import func, select

from consult import audit, db
from consult.auth.models import User, UserRole
from consult.auth.passwords import hash_password
from consult.db import utcnow
from consult.security import Role


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
