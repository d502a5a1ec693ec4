"""Lists for the admin pages."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from consult.auth.models import User, UserRole
from consult.pagination import Page, paginate  # noqa: F401 - one pagination everywhere
from consult.security import Role


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def users(text: str = "", role: str = "") -> Select:
    query = select(User).order_by(func.lower(User.name), User.id)
    text = (text or "").strip()[:200]
    if text:
        pattern = _like(text)
        query = query.where(or_(func.lower(User.name).like(pattern, escape="\\"),
                                func.lower(User.email).like(pattern, escape="\\")))
    if role in {r.value for r in Role}:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == Role(role))))
    return query
