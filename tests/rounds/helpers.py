"""Helpers for driving the convener pages as a logged-in convener would."""
from __future__ import annotations

import re

from consult.organisations.models import StakeholderGroup
from tests.conftest import login


def csrf_token(client, url: str = "/my-rounds/") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def as_user(app, user):
    client = app.test_client()
    login(client, user)
    return client


def post(client, url: str, data: dict | None = None, **kwargs):
    payload = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(url, data=payload, **kwargs)


def round_data(**overrides) -> dict:
    data = {
        "title": "Roundtable 3: Partnerships, cooperation and coherence",
        "slug": "",
        "summary": "How can partnerships make migration work for development?",
        "background": "## Why\n\nThe private sector rarely takes part.",
        "level": "global",
        "country": "",
        "region": "",
        "convening_organisation_id": "0",
        "feeds_into_id": "0",
        "timezone": "Europe/Paris",
        "opens_at": "2030-12-01T09:00",
        "closes_at": "2030-12-12T23:59",
        "languages": ["en", "fr"],
        "publication_policy": "on_approval",
        "allowed_groups": [g.value for g in StakeholderGroup.of_organisations()],
        "answer_word_limit": "800",
        "max_attachments": "3",
        "max_attachment_mb": "10",
        "reference_prefix": "HLD3",
    }
    data.update(overrides)
    return data


def text(response) -> str:
    return response.get_data(as_text=True)


def fresh():
    """Forget what the test's session read: end its snapshot and expire every object, so the
    next read sees what the requests committed."""
    from consult import db

    db.session.rollback()
    db.session.expire_all()
