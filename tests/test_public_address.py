"""Links that leave the page are built on the configured public address, never on the Host
a request claimed (password-reset and page-cache poisoning), and production refuses
requests for any other host."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from config import ProductionConfig
from consult import create_app, db
from consult.auth.models import User
from consult.moderation import services as moderation
from consult.public import cache
from consult.security import Role
from consult.submissions.models import Submission
from consult.submissions.states import Action, State
from tests.auth.helpers import outbox
from tests.factories import PASSWORD

FORGED = "http://attacker.invalid"
ROOT = Path(__file__).resolve().parent.parent
_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def post_with_forged_host(client, url: str, data: dict):
    """Fill in a form the way an attacker would: every request says Host: attacker.invalid."""
    token = _TOKEN.search(client.get(url, base_url=FORGED).get_data(as_text=True)).group(1)
    return client.post(url, base_url=FORGED, data={**data, "csrf_token": token})


def links(text: str) -> list[str]:
    """The site's links in a page (not the Atom namespace)."""
    return [url for url in re.findall(r"https?://[^\s\"'<>]+", text) if not url.startswith("http://www.w3.org/")]


def assert_links_on_public_address(app, text: str) -> None:
    found = links(text)
    assert found, "expected at least one link"
    assert "attacker.invalid" not in text
    assert all(url.startswith(app.config["PUBLIC_URL"] + "/") for url in found), found


def test_a_reset_link_goes_to_the_public_address_whatever_the_host_said(app, client, make):
    make.user(email="officer@ngo.example")
    db.session.commit()
    response = post_with_forged_host(client, "/reset", {"email": "officer@ngo.example"})
    assert response.status_code == 302
    [message] = outbox("officer@ngo.example")
    assert_links_on_public_address(app, message.body)
    assert f"{app.config['PUBLIC_URL']}/reset/" in message.body


def test_registering_with_a_forged_host_sends_links_to_the_public_address(app, client, make):
    make.user(email="taken@ngo.example")
    db.session.commit()
    form = {"name": "Amina Diallo", "password": "violet kettle umbrella march",
            "confirm": "violet kettle umbrella march"}
    post_with_forged_host(client, "/register", {**form, "email": "new@ngo.example"})
    post_with_forged_host(app.test_client(), "/register", {**form, "email": "taken@ngo.example"})
    [confirmation] = outbox("new@ngo.example")
    [already] = outbox("taken@ngo.example")  # "you already have an account", with a reset link
    assert_links_on_public_address(app, confirmation.body)
    assert_links_on_public_address(app, already.body)


def test_an_email_change_link_goes_to_the_public_address(app, client, make):
    make.user(email="old@ngo.example")
    db.session.commit()
    post_with_forged_host(client, "/login", {"email": "old@ngo.example", "password": PASSWORD})
    post_with_forged_host(client, "/account/email", {"email": "new@ngo.example", "current_password": PASSWORD})
    [message] = outbox("new@ngo.example")
    assert_links_on_public_address(app, message.body)


def test_a_moderation_decision_made_through_a_forged_host_links_to_the_public_address(app, make):
    moderator = make.user(Role.MODERATOR)
    organisation = make.organisation()
    make.user(email="member@ngo.example", organisation=organisation)
    round_ = make.round(moderator=moderator)
    submission = make.submission(round_, organisation, state=State.SUBMITTED)
    db.session.commit()
    ids = (submission.id, moderator.id)
    db.session.remove()
    with app.test_request_context("/", base_url=FORGED):
        submission, moderator = db.session.get(Submission, ids[0]), db.session.get(User, ids[1])
        moderation.decide(submission, Action.PUBLISH, actor=moderator, expected_version=submission.lock_version)
        db.session.commit()
    [message] = outbox("member@ngo.example")
    assert_links_on_public_address(app, message.body)


@pytest.mark.parametrize("path", [
    "/rounds/labour-2026/feed.xml", "/feeds/submissions.xml", "/rounds/labour-2026/export.csv",
    "/rounds/labour-2026/export.json", "/api/v1/rounds", "/api/v1/rounds/labour-2026/submissions",
])
def test_feeds_exports_and_the_api_link_to_the_public_address(app, client, make, path):
    with app.app_context():  # the attachment's file is written where the app says
        round_ = make.round(slug="labour-2026")
        make.attachment(make.submission(round_, make.organisation()))
        db.session.commit()
    response = client.get(path, base_url=FORGED)
    assert response.status_code == 200
    assert_links_on_public_address(app, response.get_data(as_text=True))


def test_the_openapi_document_names_the_public_address_as_its_server(app, client):
    document = json.loads(client.get("/api/v1/openapi.json", base_url=FORGED).get_data(as_text=True))
    assert document["servers"] == [{"url": app.config["PUBLIC_URL"] + "/api/v1"}]


def test_a_forged_host_cannot_poison_the_page_cache_for_the_next_visitors(app, make, monkeypatch):
    app.config["PUBLIC_PAGE_CACHE"] = True
    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0)
    round_ = make.round(slug="labour-2026")
    make.submission(round_, make.organisation())
    db.session.commit()
    for path in ("/rounds/labour-2026/feed.xml", "/rounds/labour-2026/export.csv"):
        assert app.test_client().get(path, base_url=FORGED).status_code == 200  # the cache is cold: filled now
        visitor = app.test_client().get(path).get_data(as_text=True)
        assert "attacker.invalid" not in visitor and app.config["PUBLIC_URL"] in visitor


def test_no_link_is_built_from_the_request_host():
    """``url_for(..., _external=True)`` and ``request.url`` take the request's Host:
    absolute links use ``public_url_for`` (consult/links.py) instead."""
    offenders = []
    for path in [*ROOT.joinpath("consult").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.*")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in ("_external", "request.url", "host_url", "url_root"):
            if pattern in text and path.name != "links.py":
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


# --- production: requests for another host are refused -----------------------------------
PRODUCTION_KEY = "Wq3vT9xLmR2pZk7Yc4Nf8Hs1Bd6Ju0Ge5Ai-_oEtKrXy"


def production_app(monkeypatch, tmp_path, **environ):
    environ = {"CONSULT_SECRET_KEY": PRODUCTION_KEY, "CONSULT_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.db'}",
               "CONSULT_UPLOAD_DIR": str(tmp_path / "uploads"), "CONSULT_PUBLIC_URL": "https://consult.example.org",
               **environ}
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return create_app(ProductionConfig)


def test_production_refuses_a_request_for_another_host(monkeypatch, tmp_path):
    app = production_app(monkeypatch, tmp_path)
    client = app.test_client()
    assert client.get("/static/css/consult.css", base_url="https://attacker.invalid").status_code == 400
    assert client.get("/static/css/consult.css", base_url="https://consult.example.org").status_code == 200


def test_production_accepts_the_hosts_it_is_told_to_trust(monkeypatch, tmp_path):
    app = production_app(monkeypatch, tmp_path, CONSULT_TRUSTED_HOSTS="consult.example.org, www.consult.example.org")
    client = app.test_client()
    assert client.get("/static/css/consult.css", base_url="https://www.consult.example.org").status_code == 200
    assert client.get("/static/css/consult.css", base_url="https://attacker.invalid").status_code == 400
