"""The round page's header: the one action a visitor came for, beside the deadline, and who may take it."""
from __future__ import annotations

import re
from datetime import timedelta

from consult import db
from consult.db import utcnow
from consult.organisations.models import StakeholderGroup
from tests.conftest import login


def header(client, slug: str) -> str:
    """The round's header: what a visitor sees before the outcome, background and questions."""
    response = client.get(f"/rounds/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.search(r'<article class="round">\s*<header>(.*?)</header>', html, re.S).group(1)


def test_open_round_offers_send_your_input_in_its_header_beside_the_deadline(client, make):
    round_ = make.round(title="Open consultation")
    db.session.commit()
    top = header(client, round_.slug)
    assert re.search(rf'<a class="button[^"]*" href="/rounds/{round_.slug}/start">Send your input</a>', top)
    assert "closes in" in top
    html = client.get(f"/rounds/{round_.slug}").get_data(as_text=True)
    # No second copy after the published input, far from the deadline.
    published = html.split('id="input-heading"')[1]
    assert f"/rounds/{round_.slug}/start" not in published


def test_restricted_round_says_in_its_header_who_may_submit(client, make):
    round_ = make.round()
    round_.allowed_groups = [StakeholderGroup.TRADE_UNION.value, StakeholderGroup.ACADEMIA.value]
    round_.allow_multiple_submissions = False
    db.session.commit()
    top = header(client, round_.slug)
    assert "Open to organisations from these stakeholder groups: Trade union, Academia and research." in top
    assert "One submission per organisation." in top


def test_round_open_to_everyone_says_so_in_its_header(client, make):
    round_ = make.round()
    round_.allow_multiple_submissions = True
    db.session.commit()
    top = header(client, round_.slug)
    assert "Open to every stakeholder group." in top
    assert "One submission per organisation." not in top


def test_header_tells_an_anonymous_visitor_to_log_in_or_create_an_account(client, make):
    round_ = make.round()
    db.session.commit()
    top = header(client, round_.slug)
    assert f'href="/login?next=/rounds/{round_.slug}/start"' in top
    assert 'href="/register"' in top


def test_header_tells_a_member_without_organisation_to_create_or_join_one(client, make):
    round_ = make.round()
    login(client, make.user(email="alone@test.example"))
    db.session.commit()
    top = header(client, round_.slug)
    assert 'href="/organisations/new"' in top and 'href="/organisations"' in top
    assert "/login?next=" not in top


def test_header_of_a_member_of_an_organisation_has_only_the_button(client, make):
    round_ = make.round()
    login(client, make.user(organisation=make.organisation()))
    db.session.commit()
    top = header(client, round_.slug)
    assert f'href="/rounds/{round_.slug}/start">Send your input</a>' in top
    assert "/organisations/new" not in top and "/login?next=" not in top


def test_closed_and_scheduled_rounds_offer_no_send_your_input(client, make):
    closed = make.round(opens_at=utcnow() - timedelta(days=30), closes_at=utcnow() - timedelta(days=1))
    later = make.round(opens_at=utcnow() + timedelta(days=3), closes_at=utcnow() + timedelta(days=30))
    db.session.commit()
    for round_ in (closed, later):
        assert f"/rounds/{round_.slug}/start" not in client.get(f"/rounds/{round_.slug}").get_data(as_text=True)


def test_start_page_tells_a_member_without_organisation_what_to_do(client, make):
    round_ = make.round()
    login(client, make.user())
    db.session.commit()
    html = client.get(f"/rounds/{round_.slug}/start").get_data(as_text=True)
    assert 'href="/organisations/new"' in html and 'href="/organisations"' in html
