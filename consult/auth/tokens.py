"""Signed, expiring tokens for the links we email. No token table: each token carries what
must still be true when it is used (the session version and a fragment of the password
hash, or the current email address), so a token stops working once it has been used or
once the account has changed."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from consult import db
from consult.auth.models import User

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"
CHANGE_EMAIL = "change-email"

MAX_AGE = {
    CONFIRM_EMAIL: 7 * 24 * 3600,
    RESET_PASSWORD: 3600,
    CHANGE_EMAIL: 24 * 3600,
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"consult-{purpose}")


def _password_fragment(user: User) -> str:
    return (user.password_hash or "")[-12:]


def make_confirm_token(user: User) -> str:
    return _serializer(CONFIRM_EMAIL).dumps({"u": user.id, "e": user.email})


def make_reset_token(user: User) -> str:
    return _serializer(RESET_PASSWORD).dumps({"u": user.id, "v": user.session_version, "h": _password_fragment(user)})


def make_change_email_token(user: User, new_email: str) -> str:
    return _serializer(CHANGE_EMAIL).dumps({"u": user.id, "old": user.email, "new": new_email})


def _load(purpose: str, token: str) -> tuple[User, dict] | None:
    try:
        data = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except (BadSignature, ValueError, TypeError):  # also SignatureExpired, a BadSignature
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.is_active:
        return None
    return user, data


def user_for_confirm_token(token: str) -> User | None:
    loaded = _load(CONFIRM_EMAIL, token)
    if loaded is None or loaded[0].email != loaded[1].get("e"):
        return None
    return loaded[0]


def user_for_reset_token(token: str) -> User | None:
    """The user, while the token is unused: a reset bumps the session version and changes
    the hash, so the same link never works twice."""
    loaded = _load(RESET_PASSWORD, token)
    if loaded is None:
        return None
    user, data = loaded
    if data.get("v") != user.session_version or data.get("h") != _password_fragment(user):
        return None
    return user


def email_change_for_token(token: str) -> tuple[User, str] | None:
    loaded = _load(CHANGE_EMAIL, token)
    if loaded is None:
        return None
    user, data = loaded
    if user.email != data.get("old") or not isinstance(data.get("new"), str):
        return None
    return user, data["new"]
