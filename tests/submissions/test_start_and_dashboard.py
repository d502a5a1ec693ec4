"""Starting a submission and the organisation's dashboard."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consult import db
from consult.db import utcnow
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import RoundStatus
from consult.submissions import services
from consult.submissions.models import Submission
from consult.submissions.states import Action, State
from tests.conftest import login
from tests.submissions.helpers import hidden, join


def count_submissions() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Submission))


def start(client, round_, organisation, token="a-one-time-token-123456"):
    page = client.get(f"/rounds/{round_.slug}/start").get_data(as_text=True)
    return client.post(f"/rounds/{round_.slug}/start", data={
        "csrf_token": hidden(page, "csrf_token"), "organisation_id": organisation.id, "form_token": token})


def test_a_member_starts_a_submission_and_a_double_click_starts_only_one(client, make):
    round_ = make.round()
    org = make.organisation()
    member = make.user(organisation=org)
    db.session.commit()
    login(client, member)
    first = start(client, round_, org)
    second = start(client, round_, org)
    assert first.status_code == 303 and second.status_code == 303
    assert first.location == second.location
    assert count_submissions() == 1
    # A new click with a new token: one submission per organisation in this round.
    third = start(client, round_, org, token="another-token-abcdefgh")
    assert third.status_code == 422 and "already has a submission" in third.get_data(as_text=True)
    assert count_submissions() == 1


def test_a_round_that_allows_several_submissions_takes_a_second_one(client, make):
    round_ = make.round()
    round_.allow_multiple_submissions = True
    org = make.organisation()
    member = make.user(organisation=org)
    db.session.commit()
    login(client, member)
    start(client, round_, org)
    start(client, round_, org, token="another-token-abcdefgh")
    assert count_submissions() == 2


def test_a_member_of_several_organisations_picks_which(client, make):
    round_ = make.round()
    union = make.organisation("Seafarers Union", group=StakeholderGroup.TRADE_UNION)
    ngo = make.organisation("Diaspora Forum")
    member = make.user(organisation=union)
    join(member, ngo)
    round_.allowed_groups = [StakeholderGroup.CIVIL_SOCIETY.value]
    db.session.commit()
    login(client, member)
    page = client.get(f"/rounds/{round_.slug}/start").get_data(as_text=True)
    assert "Start a submission for Diaspora Forum" in page
    assert "Start a submission for Seafarers Union" not in page
    assert "does not invite input from your stakeholder group" in page
    refused = start(client, round_, union)
    assert refused.status_code == 422 and count_submissions() == 0


def test_nobody_starts_a_submission_for_an_organisation_they_do_not_belong_to(client, make):
    round_ = make.round()
    other = make.organisation()
    login(client, make.user(organisation=make.organisation()))
    db.session.commit()
    assert start(client, round_, other).status_code == 403
    assert count_submissions() == 0


@pytest.mark.parametrize("organisation_id", ["99999999999999999999", "-1", "abc", ""])
def test_an_organisation_id_that_is_no_id_gets_the_page_back_with_a_message(client, make, organisation_id):
    round_ = make.round()
    org = make.organisation("Migrant Rights Network")
    login(client, make.user(organisation=org))
    db.session.commit()
    page = client.get(f"/rounds/{round_.slug}/start").get_data(as_text=True)
    response = client.post(f"/rounds/{round_.slug}/start", data={
        "csrf_token": hidden(page, "csrf_token"), "organisation_id": organisation_id,
        "form_token": "a-one-time-token-123456"})
    assert response.status_code == 422
    assert "Please choose one of your organisations." in response.get_data(as_text=True)
    assert "Start a submission for Migrant Rights Network" in response.get_data(as_text=True)
    assert count_submissions() == 0


def test_no_submission_starts_in_a_closed_round(client, make):
    round_ = make.round(opens_at=utcnow() - timedelta(days=9), closes_at=utcnow() - timedelta(days=1))
    org = make.organisation()
    login(client, make.user(organisation=org))
    db.session.commit()
    response = start(client, round_, org)
    assert response.status_code == 422 and "not open for input" in response.get_data(as_text=True)


def test_the_dashboard_shows_submissions_deadlines_messages_and_open_rounds(client, make):
    round_ = make.round(title="Regional round on recruitment")
    make.round(title="National round on remittances")
    make.round(title="Draft round", status=RoundStatus.DRAFT)
    org = make.organisation("Migrant Rights Network")
    member = make.user(organisation=org)
    submission = make.submission(round_, org, state=State.SUBMITTED, title="Fees must end")
    services.transition(submission, Action.REQUEST_CHANGES, actor=None, reason="Please remove the names of workers.")
    db.session.commit()
    login(client, member)
    page = client.get("/my/submissions").get_data(as_text=True)
    assert "Migrant Rights Network" in page and "Fees must end" in page
    assert "Changes requested" in page and "Please remove the names of workers." in page
    assert "Deadline:" in page
    assert "Start a submission to National round on remittances" in page
    assert "Start a submission to Regional round on recruitment" not in page  # already has one
    assert "Draft round" not in page
    assert "My submissions" in client.get("/").get_data(as_text=True)


def test_the_dashboard_start_button_works(client, make):
    round_ = make.round(title="National round on remittances")
    org = make.organisation()
    login(client, make.user(organisation=org))
    db.session.commit()
    page = client.get("/my/submissions").get_data(as_text=True)
    tokens = {"csrf_token": hidden(page.split("Open rounds")[1], "csrf_token"),
              "form_token": hidden(page, "form_token"), "organisation_id": org.id}
    response = client.post(f"/rounds/{round_.slug}/start", data=tokens)
    assert response.status_code == 303 and count_submissions() == 1
