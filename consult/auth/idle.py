"""How long a login lasts.

"Keep me logged in" lasts ``REMEMBER_DAYS``: the remember cookie, and the session cookie
itself (made permanent) so that the last-seen time it carries outlives a browser restart.
A session of staff (admin, convener, moderator) ends after ``STAFF_IDLE_HOURS`` without a
request, a member's after ``MEMBER_IDLE_HOURS`` when above 0. The last-seen time lives in
the signed session; a remember cookie alone says nothing of it, so it cannot revive a
session that has an idle limit.
"""
from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, flash, g, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user, user_loaded_from_cookie, user_logged_in

from consult.security import Role

LAST_SEEN = "_last_seen"
STAFF_ROLES = (Role.ADMIN, Role.CONVENER, Role.MODERATOR)
# Rewrite the session cookie at most once a minute, not on every request.
REFRESH_SECONDS = 60


def init_app(app: Flask) -> None:
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=app.config["REMEMBER_DAYS"])
    app.config["PERMANENT_SESSION_LIFETIME"] = app.config["REMEMBER_COOKIE_DURATION"]
    user_logged_in.connect(_logged_in, app)
    user_loaded_from_cookie.connect(_revived_from_cookie, app)
    app.before_request(_end_idle_session)


def idle_limit_seconds(user) -> int:
    """0 when this person's session has no idle limit."""
    staff = any(user.has_role(role) for role in STAFF_ROLES)
    hours = current_app.config["STAFF_IDLE_HOURS" if staff else "MEMBER_IDLE_HOURS"]
    return max(0, int(hours * 3600))


def _logged_in(_app, user, **_extra) -> None:
    session[LAST_SEEN] = int(time.time())
    if session.get("_remember") == "set":
        session.permanent = True


def _revived_from_cookie(_app, user, **_extra) -> None:
    g.revived_from_cookie = True


def _end_idle_session() -> None:
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    now = int(time.time())
    limit = idle_limit_seconds(current_user)
    last_seen = session.get(LAST_SEEN)
    if limit and (g.pop("revived_from_cookie", False) or (last_seen is not None and now - last_seen > limit)):
        logout_user()  # also deletes the remember cookie
        flash(_("You were logged out after a while without activity. Please log in again."), "error")
        return
    if last_seen is None or now - last_seen >= REFRESH_SECONDS:
        session[LAST_SEEN] = now
