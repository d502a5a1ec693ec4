"""How long a login lasts: "keep me logged in" for 30 days, staff sessions end after 12 hours
without a request (and the remember cookie does not bring them back), __Host- cookies in
production."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from config import ProductionConfig
from consult import db
from consult.security import Role
from tests.auth.helpers import post_form
from tests.factories import PASSWORD

HOUR = 3600
LOGGED_OUT = "You were logged out after a while without activity. Please log in again."


def log_in(app, user, *, remember: bool = False):
    client = app.test_client()
    data = {"email": user.email, "password": PASSWORD, **({"remember": "y"} if remember else {})}
    response = post_form(client, "/login", data)
    assert response.status_code == 302
    return client, response


def last_request_hours_ago(client, hours: float) -> None:
    with client.session_transaction() as session:
        session["_last_seen"] = int(time.time() - hours * HOUR)


def cookie(response, name: str) -> str:
    [value] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "=")]
    return value


def test_keep_me_logged_in_lasts_thirty_days(app, make):
    user = make.user()
    db.session.commit()
    _client, response = log_in(app, user, remember=True)
    for name in ("remember_token", "session"):  # the session, with its last-seen time, too
        expires = parsedate_to_datetime(cookie(response, name).split("Expires=")[1].split(";")[0])
        assert timedelta(days=29) < expires - datetime.now(timezone.utc) <= timedelta(days=30)


def test_a_staff_session_idle_for_twelve_hours_is_logged_out_with_a_message(app, make):
    moderator = make.user(Role.MODERATOR)
    db.session.commit()
    client, _response = log_in(app, moderator, remember=True)
    last_request_hours_ago(client, 11)
    assert client.get("/account").status_code == 200  # still within the limit

    last_request_hours_ago(client, 13)
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "remember_token=;" in cookie(response, "remember_token")  # the remember cookie is gone too
    assert LOGGED_OUT in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get("/account").status_code == 302  # and stays logged out


def test_a_request_keeps_a_staff_session_alive(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    client, _response = log_in(app, convener)
    last_request_hours_ago(client, 11)
    assert client.get("/account").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session["_last_seen"] < HOUR  # counted again from this request


def test_a_member_has_no_idle_limit_unless_one_is_configured(app, make):
    member = make.user()
    db.session.commit()
    client, _response = log_in(app, member)
    last_request_hours_ago(client, 13)
    assert client.get("/account").status_code == 200

    app.config["MEMBER_IDLE_HOURS"] = 24
    last_request_hours_ago(client, 25)
    assert client.get("/account").status_code == 302


def test_the_remember_cookie_does_not_silently_revive_a_staff_session(app, make):
    admin = make.user(Role.ADMIN)
    member = make.user()
    db.session.commit()
    def reopened_browser(user):
        """The session cookie is lost (its last-seen time with it); the remember cookie is kept."""
        _client, response = log_in(app, user, remember=True)
        browser = app.test_client()
        browser.set_cookie("remember_token", cookie(response, "remember_token").split(";")[0].split("=", 1)[1])
        return browser

    staff = reopened_browser(admin)
    response = staff.get("/account")
    assert response.status_code == 302  # nothing tells how long it was idle: log in again
    assert LOGGED_OUT in staff.get(response.headers["Location"]).get_data(as_text=True)
    assert reopened_browser(member).get("/account").status_code == 200  # members have no idle limit


def test_production_cookies_are_host_only_secure_and_for_the_whole_site(app, make):
    user = make.user()
    db.session.commit()
    app.config.update({k: getattr(ProductionConfig, k) for k in (
        "SESSION_COOKIE_NAME", "REMEMBER_COOKIE_NAME", "SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE")})
    _client, response = log_in(app, user, remember=True)
    for name in ("__Host-session", "__Host-remember_token"):
        attributes = [part.strip().lower() for part in cookie(response, name).split(";")]
        assert "secure" in attributes and "path=/" in attributes
        assert not any(part.startswith("domain=") for part in attributes)
