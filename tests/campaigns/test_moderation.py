"""Moderating by campaign: one row in the queue, one decision for its letters, letters
taken out or with substantial own words reviewed one by one."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from consult import db
from consult.audit import AuditEvent
from consult.campaigns import queries, services
from consult.campaigns.services import CampaignRefused
from consult.security import Role
from consult.moderation.models import ModerationDecision
from consult.submissions.models import Submission
from consult.submissions.states import Action, State
from tests.conftest import login
from tests.moderation.conftest import csrf_token

TEMPLATE = "Recruitment fees trap migrant workers in debt. We ask the government to ban them and to enforce the ban."


def fingerprint(client, campaign) -> str:
    html = client.get(f"/moderation/campaigns/{campaign.id}").get_data(as_text=True)
    return re.search(r'name="fingerprint" type="hidden" value="([^"]+)"', html).group(1)


def states(campaign) -> dict:
    db.session.rollback()  # see what the requests committed since
    rows = db.session.execute(
        select(Submission.state, func.count()).join(Submission.campaign_letter)
        .where(Submission.campaign_letter.has(campaign_id=campaign.id)).group_by(Submission.state)).all()
    return {State(s): n for s, n in rows}


@pytest.fixture()
def campaign(make, staff, request):
    letters = getattr(request, "param", 40)
    campaign = make.campaign(staff.round, TEMPLATE, letters=letters, own_words={
        3: "My brother paid 3,000 dollars to a recruiter.", 7: "I am a nurse; I paid twice for the same job, "
        "first to an agency in Manila and then to a broker in Riyadh, and it took me four years to repay the loans."},
        substantial={7})
    db.session.commit()
    return campaign


def test_the_queue_shows_a_campaign_as_one_row_and_the_letter_with_own_words_alone(client, staff, campaign):
    login(client, staff.moderator)
    page = client.get(f"/moderation/rounds/{staff.round.slug}").get_data(as_text=True)
    assert page.count(f"/moderation/campaigns/{campaign.id}") == 1
    assert "Campaign 1" in page and "Recruitment fees trap migrant workers" in page
    assert "1 submission" in page  # letter 7 alone; the 499 others are in the campaign's row
    assert "Campaign letter with own words" in page
    assert ">40<" in page and ">2<" in page  # letters, with own words


@pytest.mark.parametrize("campaign", [500], indirect=True)
def test_a_moderator_publishes_a_500_letter_campaign_in_one_decision_and_rejects_one_letter(client, staff, campaign):
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/campaigns/{campaign.id}")
    response = client.post(f"/moderation/campaigns/{campaign.id}/decision", data={
        "csrf_token": token, "action": "publish", "fingerprint": fingerprint(client, campaign)})
    assert response.status_code == 200
    assert "499 letters of campaign 1 were published." in response.get_data(as_text=True)
    assert states(campaign) == {State.PUBLISHED: 499, State.SUBMITTED: 1}  # letter 7: reviewed alone
    assert db.session.scalar(select(func.count()).select_from(ModerationDecision)) == 499
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "publish")) == 499

    # One letter of it is rejected afterwards: hidden is for published input, so the letter
    # still awaiting a decision (the one with substantial own words) is the one rejected.
    letter = db.session.scalar(select(Submission).where(Submission.state == State.SUBMITTED))
    response = client.post(f"/moderation/submissions/{letter.id}/decision", data={
        "csrf_token": token, "action": "reject", "reason_code": "Outside the scope of the round",
        "lock_version": str(letter.lock_version)})
    assert response.status_code == 302
    assert states(campaign) == {State.PUBLISHED: 499, State.REJECTED: 1}


def test_a_letter_taken_out_is_decided_alone_and_the_campaign_decision_leaves_it(client, staff, campaign):
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/campaigns/{campaign.id}")
    letter = db.session.scalar(select(Submission).order_by(Submission.id).offset(10).limit(1))
    response = client.post(f"/moderation/campaign-letters/{letter.id}/take-out", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/moderation/submissions/{letter.id}")
    page = client.get(f"/moderation/rounds/{staff.round.slug}").get_data(as_text=True)
    assert "Taken out of campaign 1" in page
    client.post(f"/moderation/submissions/{letter.id}/decision", data={
        "csrf_token": token, "action": "reject", "reason_code": "Outside the scope of the round", "lock_version": str(letter.lock_version + 1)})
    response = client.post(f"/moderation/campaigns/{campaign.id}/decision", data={
        "csrf_token": token, "action": "publish", "fingerprint": fingerprint(client, campaign)})
    assert "38 letters of campaign 1 were published." in response.get_data(as_text=True)
    assert states(campaign) == {State.PUBLISHED: 38, State.REJECTED: 1, State.SUBMITTED: 1}


def test_a_stale_campaign_decision_is_refused_and_changes_nothing(client, staff, campaign, make):
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/campaigns/{campaign.id}")
    seen = fingerprint(client, campaign)
    # Meanwhile another moderator takes a letter out.
    letter = queries.letter_or_404(db.session.scalar(select(Submission.id).order_by(Submission.id).limit(1)))
    letter.taken_out = True
    db.session.commit()
    response = client.post(f"/moderation/campaigns/{campaign.id}/decision", data={
        "csrf_token": token, "action": "publish", "fingerprint": seen})
    assert response.status_code == 409
    assert "The campaign changed while you were looking at it: 38 letters now await a decision." in \
        response.get_data(as_text=True)
    assert states(campaign) == {State.SUBMITTED: 40}


def test_rejecting_a_campaign_needs_a_reason(client, staff, campaign):
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/campaigns/{campaign.id}")
    response = client.post(f"/moderation/campaigns/{campaign.id}/decision", data={
        "csrf_token": token, "action": "reject", "message": "Kept", "fingerprint": fingerprint(client, campaign)})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose a reason for the rejection." in page and "Kept</textarea>" in page
    assert states(campaign) == {State.SUBMITTED: 40}


def test_deciding_a_campaign_in_a_round_one_does_not_moderate_is_refused(client, make, staff, campaign):
    other_moderator = make.user(name="Someone Else")
    make.round(moderator=other_moderator)
    db.session.commit()
    login(client, other_moderator)
    token = csrf_token(client, "/account/profile")
    response = client.post(f"/moderation/campaigns/{campaign.id}/decision", data={
        "csrf_token": token, "action": "publish", "fingerprint": fingerprint_as(staff, campaign)})
    assert response.status_code == 403
    assert "You do not have permission to see this page." in response.get_data(as_text=True)
    assert states(campaign) == {State.SUBMITTED: 40}


def test_the_service_says_why_a_non_moderator_cannot_decide(app, make, staff, campaign):
    outsider = make.user(Role.MODERATOR)
    with app.test_request_context(), pytest.raises(CampaignRefused) as refused:
        services.decide(campaign, Action.PUBLISH, actor=outsider, expected_fingerprint="")
    assert "You do not moderate the round of this campaign" in refused.value.message


def fingerprint_as(staff, campaign) -> str:
    return queries.current_fingerprint(campaign)[0]


def test_own_words_are_shown_as_a_difference_from_the_template(client, staff, campaign):
    login(client, staff.moderator)
    page = client.get(f"/moderation/campaigns/{campaign.id}").get_data(as_text=True)
    assert "<ins>My brother paid 3,000 dollars to a recruiter.</ins>" in page.replace("\n\n", "")
    assert "The campaign&#39;s text, unchanged" in page or "The campaign's text, unchanged" in page


def test_a_letters_review_page_links_to_its_campaign(client, staff, campaign):
    login(client, staff.moderator)
    letter = db.session.scalar(select(Submission).order_by(Submission.id).offset(7).limit(1))
    page = client.get(f"/moderation/submissions/{letter.id}").get_data(as_text=True)
    assert f'href="/moderation/campaigns/{campaign.id}">Campaign 1</a> — Campaign letter with own words' in page
