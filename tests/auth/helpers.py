"""Helpers for tests that fill in forms the way a browser would."""
from __future__ import annotations

import re

from sqlalchemy import select

from consult import db
from consult.mail import OutgoingMail

_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token(client, url: str = "/login") -> str:
    return _TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def post_form(client, url: str, data: dict, *, form_url: str | None = None):
    """POST ``data`` with a valid CSRF token taken from ``form_url`` (default: ``url``)."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, form_url or url)})


def fresh() -> None:
    """See what the requests committed: end the read transaction, forget loaded rows."""
    db.session.rollback()
    db.session.expire_all()


def outbox(to: str | None = None) -> list[OutgoingMail]:
    fresh()
    query = select(OutgoingMail).order_by(OutgoingMail.id)
    if to is not None:
        query = query.where(OutgoingMail.to_address == to)
    return list(db.session.scalars(query))


def link_in(mail: OutgoingMail) -> str:
    """The path of the first link in an email (the test client speaks paths)."""
    url = re.search(r"https?://[^\s/]+(/\S+)", mail.body).group(1)
    return url
