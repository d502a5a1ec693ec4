"""Roles and guards. Default deny: a view states who may enter, a model says who may act."""
from __future__ import annotations

from enum import StrEnum
from functools import wraps

from flask import abort
from flask_login import current_user


class Role(StrEnum):
    ADMIN = "admin"
    CONVENER = "convener"
    MODERATOR = "moderator"
    MEMBER = "member"


def require(allowed: bool) -> None:
    """Abort with 403 unless ``allowed``; views call it with a model's ``can_*`` answer."""
    if not allowed:
        abort(403)


def role_required(*roles: Role):
    """Logged-in users holding any of ``roles``; anonymous visitors are sent to log in."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            require(any(current_user.has_role(r) for r in roles))
            return view(*args, **kwargs)

        return wrapped

    return decorator
