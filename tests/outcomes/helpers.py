"""Shared steps of the outcome tests: a logged-in client that posts forms with their token."""
from __future__ import annotations

import re

from consult import db
from tests.conftest import login


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def token(client) -> str:
    """The session's CSRF token, read from the logout form every page carries."""
    html = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def post(client, url, data=None, **kwargs):
    return client.post(url, data={"csrf_token": token(client), **(data or {})}, **kwargs)


def text_of(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def fresh():
    """End the test's read transaction (SQLite and PostgreSQL keep its snapshot) and forget
    loaded objects, so that what the requests committed is seen."""
    db.session.commit()
    db.session.expire_all()
