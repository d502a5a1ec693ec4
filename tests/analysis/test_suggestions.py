"""Suggestions through the real pages: they appear once a theme has examples, a confirmed one
becomes a tag, a dismissed one never comes back and passages like it move down, and an
analyst of one round cannot reach another round's input."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from consult import db
from consult.analysis.models import Dismissal, Stance, Tag
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import Attachment
from consult.security import Role
from consult.submissions.states import State
from tests.analysis import suggestion_factories as analysis
from tests.outcomes.helpers import fresh, post, signed_in, text_of

FEES = [
    "Recruitment agencies charge migrant workers illegal fees that push them into debt bondage.",
    "Employers should pay all recruitment fees so that migrant workers never start their jobs in debt.",
    "Debt from recruitment fees keeps domestic workers tied to abusive employers and agencies.",
    "We ask governments to ban recruitment fees charged to workers and to license recruitment agencies.",
    "Recruitment fees and related costs must be borne by employers, never by the migrant workers.",
]
OTHER = [
    "Climate change displaces farming communities who lose their land to drought and floods.",
    "Diaspora remittances fund schools and clinics in the villages of origin.",
    "Portable social security lets returning migrants keep their pension rights.",
]


@pytest.fixture()
def world(make):
    """A round with input on fees and on other matters, its convener, and a theme on fees."""
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, questions=1)
    union = make.organisation("Migrant Workers Union", group=StakeholderGroup.TRADE_UNION)
    submissions = [make.submission(round_, union, answers={"q1": text}, state=State.SUBMITTED)
                   for text in FEES + OTHER]
    theme = analysis.theme(round_, "Recruitment fees")
    db.session.commit()
    return round_, convener, submissions, theme


def page_of(client, round_, theme, status=200) -> str:
    return html.unescape(text_of(client, f"/rounds/{round_.slug}/analysis/themes/{theme.id}/suggestions", status))


def decide(client, round_, theme, submission, passage, decision, **extra):
    part = f"answer:{submission.answers[0].question_id}"
    return post(client, f"/rounds/{round_.slug}/analysis/themes/{theme.id}/suggestions",
                {"submission": submission.id, "part": part, "passage": passage, "decision": decision, **extra})


def test_below_the_threshold_the_page_says_how_many_examples_are_missing(app, world):
    round_, convener, submissions, theme = world
    analysis.tag(theme, submissions[0])
    analysis.tag(theme, submissions[1])
    db.session.commit()
    page = page_of(signed_in(app, convener), round_, theme)
    assert "This theme has 2 tagged examples. Tag 1 more passage with it to get suggestions." in page
    assert FEES[3] not in page


def test_once_a_theme_has_three_examples_the_likeliest_passages_are_suggested_with_their_words(app, world):
    round_, convener, submissions, theme = world
    for submission in submissions[:3]:
        analysis.tag(theme, submission)
    db.session.commit()
    page = page_of(signed_in(app, convener), round_, theme)
    assert FEES[3] in page and FEES[4] in page
    assert OTHER[0] not in page  # shares no word with the examples
    assert FEES[0] not in page  # already tagged
    assert "<strong>recruitment fees</strong>" in page
    assert submissions[3].reference in page and "Migrant Workers Union" in page


def test_confirming_a_suggestion_tags_the_passage_with_the_chosen_stance(app, world):
    round_, convener, submissions, theme = world
    for submission in submissions[:3]:
        analysis.tag(theme, submission)
    db.session.commit()
    client = signed_in(app, convener)
    assert FEES[3] in page_of(client, round_, theme)
    response = decide(client, round_, theme, submissions[3], FEES[3], "confirm", stance="opposes")
    assert response.status_code == 303
    fresh()
    tag = db.session.scalar(select(Tag).where(Tag.submission_id == submissions[3].id))
    assert (tag.theme_id, tag.passage, tag.stance, tag.from_suggestion) == (theme.id, FEES[3], Stance.OPPOSES, True)
    assert tag.created_by_id == convener.id
    page = page_of(client, round_, theme)
    assert "The passage is tagged with “Recruitment fees”." in page
    assert FEES[3] not in page
    decide(client, round_, theme, submissions[3], FEES[3], "confirm")  # the key pressed twice
    fresh()
    assert len(db.session.scalars(select(Tag).where(Tag.submission_id == submissions[3].id)).all()) == 1


def test_a_dismissed_passage_is_not_suggested_again_and_passages_like_it_move_down(app, make, world):
    round_, convener, submissions, theme = world
    union = submissions[0].organisation
    near = "Recruitment agencies in the Gulf take fees from domestic workers before they travel."
    twin = "Recruitment agencies in the Gulf take fees from domestic workers before they ever travel."
    others = [make.submission(round_, union, answers={"q1": text}, state=State.PUBLISHED) for text in (near, twin)]
    for submission in submissions[:3]:
        analysis.tag(theme, submission)
    db.session.commit()
    client = signed_in(app, convener)
    before = page_of(client, round_, theme)
    assert before.index(twin) < before.index(FEES[3])
    response = decide(client, round_, theme, others[0], near, "dismiss")
    assert response.status_code == 303
    fresh()
    assert db.session.scalar(select(Dismissal.passage).where(Dismissal.theme_id == theme.id)) == near
    after = page_of(client, round_, theme)
    assert "The suggestion is dismissed: it will not come back for this theme." in after
    assert near not in after
    assert twin not in after or after.index(twin) > after.index(FEES[3])


def test_a_passage_edited_since_the_suggestion_is_refused_with_a_message(app, world):
    round_, convener, submissions, theme = world
    for submission in submissions[:3]:
        analysis.tag(theme, submission)
    db.session.commit()
    client = signed_in(app, convener)
    response = decide(client, round_, theme, submissions[3], "A passage nobody wrote.", "confirm")
    assert response.status_code == 422
    message = "This passage is no longer in the submission&#39;s text: it was edited since."
    assert message in response.get_data(as_text=True)
    response = decide(client, round_, theme, submissions[3], FEES[3], "")
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)
    fresh()
    assert db.session.scalar(select(Tag).where(Tag.submission_id == submissions[3].id)) is None


def test_an_analyst_of_another_round_cannot_see_nor_tag_its_input(app, make, world):
    round_, convener, submissions, theme = world
    for submission in submissions[:3]:
        analysis.tag(theme, submission)
    other_convener = make.user(Role.CONVENER)
    other_round = make.round(convener=other_convener, questions=1)
    foreign = make.submission(other_round, make.organisation(), answers={"q1": FEES[3]}, state=State.SUBMITTED)
    other_theme = analysis.theme(other_round, "Fees elsewhere")
    member = make.user(organisation=submissions[0].organisation)
    db.session.commit()
    outsider = signed_in(app, other_convener)
    assert outsider.get(f"/rounds/{round_.slug}/analysis/themes/{theme.id}/suggestions").status_code == 403
    assert decide(outsider, round_, theme, submissions[3], FEES[3], "confirm").status_code == 403
    assert signed_in(app, member).get(f"/rounds/{round_.slug}/analysis/overview").status_code == 403
    analyst = signed_in(app, convener)
    assert analyst.get(f"/rounds/{round_.slug}/analysis/themes/{other_theme.id}/suggestions").status_code == 404
    response = decide(analyst, round_, theme, foreign, FEES[3], "confirm")
    assert response.status_code == 422
    assert "This passage is no longer among the round&#39;s input." in response.get_data(as_text=True)
    fresh()
    assert db.session.scalar(select(Tag).where(Tag.submission_id == foreign.id)) is None


def test_an_attached_file_s_text_is_suggested_under_its_name(app, make, world):
    round_, convener, submissions, theme = world
    for submission in submissions[:3]:
        analysis.tag(theme, submission)
    # Only the file's extracted text is read here: the row needs no stored bytes.
    db.session.add(Attachment(
        submission_id=submissions[6].id, filename="fees-paper.pdf", content_type="application/pdf", size=1,
        sha256="0" * 64, storage_key="fees-paper",
        extracted_text="Chapter 2.\n\nMigrant workers paid recruitment fees of six months' wages to agencies."))
    db.session.commit()
    page = page_of(signed_in(app, convener), round_, theme)
    assert "Migrant workers paid recruitment fees of six months' wages to agencies." in page
    assert "Attached file fees-paper.pdf" in page
