"""Flask-Login wiring. The session carries ``user id:session version`` so that bumping the
version (logout, password change, reset) ends every other session of that user."""
from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from sqlalchemy.orm import joinedload, undefer

from consult import db
from consult.auth import idle
from consult.auth.models import User

login_manager = LoginManager()
login_manager.session_protection = "basic"
login_manager.login_view = "auth.login"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    user_id, _, version = token.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    # Every request of a logged-in person starts here: what nearly every page asks of the
    # person (roles, organisations, whether they run any round) comes in the same query.
    user = db.session.get(User, int(user_id), options=[
        joinedload(User.role_rows), joinedload(User.memberships), undefer(User.staffs_any_round)])
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    idle.init_app(app)
