"""``campaigns rebuild`` and ``campaigns list``: what a convener or a checker runs."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from consult import db
from consult.campaigns.models import Campaign, CampaignLetter
from consult.submissions.states import State
from tests.campaigns.letters import DISTINCT, TEMPLATE, send, with_personal_opening, with_typos_and_other_frame


def test_list_prints_every_submission_of_the_round_with_its_campaign(make, runner):
    round_ = make.round(slug="fees")
    copies = [send(make, round_, TEMPLATE), send(make, round_, with_typos_and_other_frame())]
    alone = send(make, round_, DISTINCT)
    draft = send(make, round_, TEMPLATE, state=State.DRAFT)
    published = send(make, round_, with_personal_opening(), state=State.PUBLISHED)
    copies[0].external_ref = "post-17"
    send(make, make.round(), TEMPLATE)  # another round's input is not listed
    db.session.commit()
    result = runner.invoke(args=["campaigns", "list", "--round", "fees", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["reference"]: row for row in json.loads(result.output)}
    number = db.session.scalar(select(Campaign.number).where(Campaign.round_id == round_.id))
    assert set(rows) == {s.reference for s in [*copies, alone, draft, published]}
    assert rows[copies[0].reference] == {"reference": copies[0].reference, "external_ref": "post-17",
                                         "campaign": number}
    assert rows[copies[1].reference]["campaign"] == rows[published.reference]["campaign"] == number
    assert rows[alone.reference]["campaign"] is None and rows[draft.reference]["campaign"] is None


def test_list_of_an_unknown_round_says_so(runner):
    result = runner.invoke(args=["campaigns", "list", "--round", "nowhere", "--json"])
    assert result.exit_code != 0 and "No round with the slug 'nowhere'" in result.output


@pytest.mark.parametrize("workers", ["1", "2"])  # in this process, and in a pool of two
def test_rebuild_recomputes_a_round_as_recognition_on_arrival_did(make, runner, workers):
    round_ = make.round(slug="fees")
    letters = [send(make, round_, text) for text in
               (TEMPLATE, with_personal_opening(), with_typos_and_other_frame(), DISTINCT, TEMPLATE)]
    taken_out = letters[2]
    db.session.execute(update(CampaignLetter).where(CampaignLetter.submission_id == taken_out.id)
                       .values(taken_out=True))
    db.session.commit()
    before = json.loads(runner.invoke(args=["campaigns", "list", "--round", "fees", "--json"]).output)
    result = runner.invoke(args=["campaigns", "rebuild", "--round", "fees", "--workers", workers])
    assert result.exit_code == 0, result.output
    assert "5 submissions, 4 of them letters in 1 campaigns." in result.output
    after = json.loads(runner.invoke(args=["campaigns", "list", "--round", "fees", "--json"]).output)
    assert after == before
    db.session.expire_all()
    campaign = db.session.scalar(select(Campaign).where(Campaign.round_id == round_.id))
    assert campaign.letters_count == 4 and campaign.own_words_count == 1
    assert campaign.template_text.startswith("I am writing to ask")
    # a moderator's decision to take a letter out survives the rebuild
    assert db.session.get(CampaignLetter, taken_out.id).taken_out
