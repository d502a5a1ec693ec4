"""A decision on a campaign larger than one request can apply: a part at a time, the page
continuing until every letter it covers is decided; nothing lost or decided twice."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from consult import db
from consult.campaigns import services
from consult.campaigns.models import CampaignDecision
from consult.moderation.models import ModerationDecision
from consult.submissions.models import Submission
from consult.submissions.states import State
from tests.campaigns.test_moderation import fingerprint, states
from tests.conftest import login
from tests.moderation.conftest import csrf_token

CONTINUE = re.compile(r'<form method="post" action="(/moderation/campaign-decisions/\d+/continue)" data-continues>')


@pytest.fixture()
def big_campaign(app, make, staff):
    app.config["CAMPAIGN_DECISION_SECONDS"] = 0  # one part per request
    campaign = make.campaign(staff.round, letters=2 * services.PART + 50)
    db.session.commit()
    return campaign


def test_a_campaign_decision_goes_on_part_by_part_until_every_letter_is_decided(client, staff, big_campaign):
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/campaigns/{big_campaign.id}")
    page = client.post(f"/moderation/campaigns/{big_campaign.id}/decision", data={
        "csrf_token": token, "action": "publish", "fingerprint": fingerprint(client, big_campaign)}).get_data(as_text=True)
    assert "Applying the decision" in page and "Published: 100 of 250 letters done." in page
    assert 'src="/static/js/continue_decision.js' in page
    assert states(big_campaign) == {State.PUBLISHED: 100, State.SUBMITTED: 150}

    # The moderator left; the campaign's page says the decision is under way and offers no new one.
    page = client.get(f"/moderation/campaigns/{big_campaign.id}").get_data(as_text=True)
    assert "Published: 100 of 250 letters done." in page and "Apply to every letter awaiting a decision" not in page
    continue_url = CONTINUE.search(page).group(1)
    assert "200 of 250" in client.post(continue_url, data={"csrf_token": token}).get_data(as_text=True)
    page = client.post(continue_url, data={"csrf_token": token}).get_data(as_text=True)
    assert "250 letters of campaign 1 were published." in page and "continue_decision.js" not in page
    assert states(big_campaign) == {State.PUBLISHED: 250}
    assert db.session.scalar(select(func.count()).select_from(ModerationDecision)) == 250  # each once

    # Continuing a finished decision changes nothing and says why.
    response = client.post(continue_url, data={"csrf_token": token}, follow_redirects=True)
    assert "This decision has been applied to every letter it covers." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ModerationDecision)) == 250


def test_a_second_decision_waits_for_the_first_and_a_letter_changed_meanwhile_is_skipped(client, staff, big_campaign):
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/campaigns/{big_campaign.id}")
    seen = fingerprint(client, big_campaign)
    client.post(f"/moderation/campaigns/{big_campaign.id}/decision", data={
        "csrf_token": token, "action": "reject", "reason_code": "Spam or advertising", "fingerprint": seen})
    response = client.post(f"/moderation/campaigns/{big_campaign.id}/decision", data={
        "csrf_token": token, "action": "publish", "fingerprint": seen})
    assert response.status_code == 422
    assert "still being applied: let it finish first" in response.get_data(as_text=True)

    # A letter not reached yet is taken out meanwhile: the decision skips it and says so.
    last = db.session.scalar(select(Submission).order_by(Submission.id.desc()).limit(1))
    client.post(f"/moderation/campaign-letters/{last.id}/take-out", data={"csrf_token": token})
    decision = db.session.scalar(select(CampaignDecision))
    for _ in range(2):
        page = client.post(f"/moderation/campaign-decisions/{decision.id}/continue",
                           data={"csrf_token": token}).get_data(as_text=True)
    assert "249 letters of campaign 1 were rejected." in page
    assert "1 skipped: decide on it alone" in page and last.reference in page
    assert states(big_campaign) == {State.REJECTED: 249, State.SUBMITTED: 1}


def test_continuing_a_decision_in_a_round_one_does_not_moderate_is_refused(client, make, staff, big_campaign):
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/campaigns/{big_campaign.id}")
    client.post(f"/moderation/campaigns/{big_campaign.id}/decision", data={
        "csrf_token": token, "action": "publish", "fingerprint": fingerprint(client, big_campaign)})
    decision = db.session.scalar(select(CampaignDecision))
    other_moderator = make.user(name="Someone Else")
    make.round(moderator=other_moderator)
    db.session.commit()
    login(client, other_moderator)
    response = client.post(f"/moderation/campaign-decisions/{decision.id}/continue",
                           data={"csrf_token": csrf_token(client, "/account/profile")})
    assert response.status_code == 403
    assert states(big_campaign) == {State.PUBLISHED: 100, State.SUBMITTED: 150}
