"""What the public sees of a campaign: once on the round page, in search and in the Atom
feed, with the count of its public letters; its own page with the named senders and the
personal additions; the campaign number in exports and the API."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import select

from consult import db
from consult.public import statistics
from consult.search import indexer, searcher
from consult.submissions.models import Redaction, RedactionReason, Submission
from consult.submissions.services import transition
from consult.submissions.states import Action, State
from tests.campaigns.test_moderation import TEMPLATE, fingerprint
from tests.conftest import login
from tests.moderation.conftest import csrf_token

OWN_WORDS = {3: "My cousin paid a broker in Kathmandu.", 5: "Recruiters took my savings.",
             7: "I am a nurse; I paid twice for the same job, first to an agency in Manila and then to a broker "
                "in Riyadh, and it took me four years to repay the loans."}


@pytest.fixture(autouse=True)
def _close_searchers():
    yield
    searcher.close_all()


def drain(app):
    db.session.commit()
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)


def published_campaign(make, round_, letters=30, **kwargs):
    campaign = make.campaign(round_, TEMPLATE, letters=letters, own_words=OWN_WORDS, substantial={7},
                             state=State.PUBLISHED, **kwargs)
    db.session.commit()
    return campaign


def test_a_published_500_letter_campaign_appears_once_with_its_count_on_the_round_page_in_search_and_the_feed(
        app, client, make, staff):
    campaign = make.campaign(staff.round, TEMPLATE, letters=500, own_words=OWN_WORDS, substantial={7})
    make.submission(staff.round, staff.org, title="Fair recruitment in the Gulf")  # input in no campaign
    db.session.commit()
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/campaigns/{campaign.id}")
    ids = list(db.session.scalars(select(Submission.id).where(Submission.campaign_letter.has(campaign_id=campaign.id))
                                  .order_by(Submission.id)))
    # One letter is taken out and rejected on its own; the campaign is published in one decision.
    client.post(f"/moderation/campaign-letters/{ids[10]}/take-out", data={"csrf_token": token})
    letter = db.session.get(Submission, ids[10])
    db.session.refresh(letter)
    client.post(f"/moderation/submissions/{letter.id}/decision", data={
        "csrf_token": token, "action": "reject", "reason_code": "Spam or advertising",
        "lock_version": str(letter.lock_version)})
    response = client.post(f"/moderation/campaigns/{campaign.id}/decision", data={
        "csrf_token": token, "action": "publish", "fingerprint": fingerprint(client, campaign)})
    assert "498 letters of campaign 1 were published." in response.get_data(as_text=True)
    substantial = db.session.get(Submission, ids[7])
    db.session.refresh(substantial)
    client.post(f"/moderation/submissions/{substantial.id}/decision", data={
        "csrf_token": token, "action": "publish", "lock_version": str(substantial.lock_version)})
    client.get("/logout")
    sent_by = "Sent by 499 organisations and people, 3 with their own words."

    page = client.get(f"/rounds/{staff.round.slug}").get_data(as_text=True)
    assert page.count(sent_by) == 1
    assert page.count(f"/rounds/{staff.round.slug}/campaigns/1") == 1
    assert "Fair recruitment in the Gulf" in page
    assert "Ban recruitment fees" not in page  # no letter of the campaign listed one by one

    drain(app)
    found = client.get("/search?q=enforce+ban").get_data(as_text=True)
    assert found.count(sent_by) == 1 and "1 result" in found
    feed = client.get(f"/rounds/{staff.round.slug}/feed.xml").get_data(as_text=True)
    assert feed.count("<entry>") == 2  # the campaign, and the input in no campaign
    assert feed.count(sent_by) == 2  # its author line and its summary


def test_words_found_only_in_a_personal_addition_lead_to_that_letter(app, client, make, staff):
    campaign = published_campaign(make, staff.round)
    drain(app)
    letter = db.session.scalar(select(Submission).where(Submission.letter.contains("Kathmandu")))
    page = client.get("/search?q=Kathmandu").get_data(as_text=True)
    assert "1 result" in page
    assert f'href="/submissions/{letter.reference}"' in page
    assert "A personal addition to a letter of campaign 1." in page
    api = client.get("/api/v1/search?q=Kathmandu").get_json()
    assert api["results"][0]["campaign"]["hit_is_campaign"] is False
    assert api["results"][0]["campaign"]["letters"] == 30
    # The template's words find the campaign once, not its 30 letters.
    template_hit = client.get("/api/v1/search?q=government").get_json()
    assert template_hit["total"] == 1 and template_hit["results"][0]["campaign"]["hit_is_campaign"] is True
    assert template_hit["results"][0]["campaign"]["url"].endswith(f"/campaigns/{campaign.number}")


def test_the_index_holds_one_document_per_campaign_and_one_per_personal_addition(app, make, staff, runner):
    published_campaign(make, staff.round)
    drain(app)
    result = runner.invoke(args=["search", "status"])
    assert "In step." in result.output  # 30 public letters, 4 documents: the campaign and 3 additions
    assert "Documents indexed:  4" in result.output


def test_when_the_template_letter_is_hidden_another_letter_stands_for_the_campaign(app, client, make, staff):
    campaign = published_campaign(make, staff.round)
    drain(app)
    template = db.session.get(Submission, campaign.template_submission_id)
    transition(template, Action.HIDE, actor=None, reason="A threat in the signature")
    drain(app)
    page = client.get("/search?q=government").get_data(as_text=True)
    assert "1 result" in page and "Sent by 29 organisations and people, 3 with their own words." in page


def test_the_campaign_page_names_the_senders_who_agreed_and_shows_the_personal_additions(app, client, make, staff):
    campaign = published_campaign(make, staff.round, letters=8, anonymous={1, 5})
    letter = db.session.scalar(select(Submission).where(Submission.letter.contains("Recruiters took")))
    db.session.add(Redaction(submission=letter, field="letter", passage="my savings",
                             reason=RedactionReason.PERSONAL_DATA))
    db.session.commit()
    response = client.get(f"/rounds/{staff.round.slug}/campaigns/{campaign.number}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Sent by 8 organisations and people, 3 with their own words." in page
    senders = db.session.scalars(select(Submission).where(Submission.campaign_letter.has(campaign_id=campaign.id))
                                 .order_by(Submission.id)).all()
    assert senders[0].organisation.name in page and senders[1].organisation.name not in page
    assert "2 senders asked not to be named." in page
    assert "My cousin paid a broker in Kathmandu." in page
    assert "Recruiters took [redacted: personal data]." in page and "my savings" not in page


def test_letters_not_public_are_not_counted_and_a_campaign_without_public_letters_does_not_exist(client, make, staff):
    campaign = make.campaign(staff.round, TEMPLATE, letters=5)
    db.session.commit()
    assert client.get(f"/rounds/{staff.round.slug}/campaigns/{campaign.number}").status_code == 404
    assert "Sent by" not in client.get(f"/rounds/{staff.round.slug}").get_data(as_text=True)


def test_exports_and_the_api_carry_each_submissions_campaign(client, make, staff):
    published_campaign(make, staff.round, letters=3)
    alone = make.submission(staff.round, staff.org, title="Fair recruitment in the Gulf")
    db.session.commit()
    data = json.loads(client.get(f"/rounds/{staff.round.slug}/export.json").get_data(as_text=True))
    assert sorted((s["campaign"] or 0) for s in data["submissions"]) == [0, 1, 1, 1]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/rounds/{staff.round.slug}/export.csv").get_data(as_text=True))))
    assert sorted(r["campaign"] for r in rows) == ["", "1", "1", "1"]
    assert client.get(f"/api/v1/submissions/{alone.reference}").get_json()["campaign"] is None
    items = client.get(f"/api/v1/rounds/{staff.round.slug}/submissions").get_json()["items"]
    assert [i["campaign"] for i in items].count(1) == 3


def test_a_letters_page_points_to_its_campaign(client, make, staff):
    published_campaign(make, staff.round, letters=2)
    letter = db.session.scalar(select(Submission).order_by(Submission.id.desc()).limit(1))
    page = client.get(f"/submissions/{letter.reference}").get_data(as_text=True)
    assert re.search(rf'One of the letters of campaign 1.*href="/rounds/{staff.round.slug}/campaigns/1"', page)


def test_statistics_count_letters_in_campaigns_apart_from_other_submissions(client, make, staff):
    published_campaign(make, staff.round, letters=12)
    published_campaign(make, staff.round, letters=3, country="NP")
    make.submission(staff.round, staff.org, title="Fair recruitment in the Gulf")
    make.submission(staff.round, staff.org, title="Pending", state=State.SUBMITTED,  # not public: not counted
                    answers={"q1": "Visa sponsorship ties domestic workers to one employer; end the kafala system."})
    db.session.commit()
    login(client, staff.convener)  # the round is open: its conveners see the figures already
    page = client.get(f"/rounds/{staff.round.slug}/statistics").get_data(as_text=True)
    assert "15 letters in 2 campaigns; 1 other submission." in page
    assert "Nepal: letters in campaigns" in page
    rows = dict(statistics.campaign_letters(staff.round.id)[0].rows)
    assert rows["Civil society / NGO: letters in campaigns"] == 15


def test_the_conveners_dashboard_counts_letters_apart(client, make, staff):
    make.campaign(staff.round, TEMPLATE, letters=7)  # awaiting a decision: received all the same
    make.submission(staff.round, staff.org, title="Fair recruitment in the Gulf")
    db.session.commit()
    login(client, staff.convener)
    assert "7 letters in 1 campaign; 1 other submission." in client.get("/my-rounds/").get_data(as_text=True)
