"""Tagging through a submission's analysis page: a passage of one part, the whole
submission, editing and removing a tag; an analyst of one round never reaches another's."""
from __future__ import annotations

from sqlalchemy import select

from consult import db
from consult.analysis.models import Stance, Tag
from consult.security import Role
from consult.submissions.states import State
from tests.analysis import factories
from tests.outcomes.helpers import fresh, post, signed_in, text_of

ANSWER = "Workers should never pay recruitment fees. Agencies must be licensed and inspected."


def page_of(submission) -> str:
    return f"/rounds/{submission.round.slug}/analysis/submissions/{submission.id}"


def setup(make, analysts, **kwargs):
    submission = make.submission(analysts.round, analysts.org, answers={"q1": ANSWER, "q2": "Ratify C181."}, **kwargs)
    book = factories.codebook(analysts.round)
    fees = factories.theme(book, "Recruitment fees")
    db.session.commit()
    return submission, fees


def test_an_analyst_tags_a_passage_and_sees_it_highlighted(app, make, analysts):
    submission, fees = setup(make, analysts, state=State.SUBMITTED)
    client = signed_in(app, analysts.moderator)
    page = text_of(client, page_of(submission))
    assert ANSWER in page and 'data-part="answer:' in page and "js/select_passage.js" in page
    part = f"answer:{analysts.round.questions[0].id}"
    response = post(client, page_of(submission), {"part": part, "passage": "  never pay recruitment fees ",
                                                  "theme": str(fees.id), "stance": "supports", "note": "Core ask"})
    assert response.status_code == 302
    page = text_of(client, page_of(submission))
    assert '<mark class="tagged"' in page and ">never pay recruitment fees</mark>" in page
    assert "Core ask" in page
    theme_page = text_of(client, f"/rounds/{analysts.round.slug}/analysis/themes/{fees.id}")
    assert "never pay recruitment fees" in theme_page and submission.reference in theme_page
    fresh()
    tag = db.session.scalars(select(Tag)).one()
    assert (tag.part, tag.passage, tag.stance, tag.created_by_id) == (
        part, "never pay recruitment fees", Stance.SUPPORTS, analysts.moderator.id)
    counts = text_of(client, f"/rounds/{analysts.round.slug}/analysis")
    assert "<td>1</td><td>1</td>" in counts


def test_a_passage_not_in_the_part_is_refused_and_what_was_typed_is_kept(app, make, analysts):
    submission, fees = setup(make, analysts)
    client = signed_in(app, analysts.convener)
    response = post(client, page_of(submission), {"part": "summary", "passage": "never pay recruitment fees",
                                                  "theme": str(fees.id), "stance": "opposes", "note": "mine"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "That passage does not occur in the part you chose" in page
    assert "never pay recruitment fees</textarea>" in page and 'checked id="stance-1" name="stance"' in page
    assert "mine</textarea>" in page
    no_passage = post(client, page_of(submission), {"part": "summary", "passage": "", "theme": str(fees.id),
                                                    "stance": "opposes"})
    assert "Select or paste the passage to tag." in no_passage.get_data(as_text=True)
    fresh()
    assert db.session.scalars(select(Tag)).all() == []


def test_the_whole_submission_is_tagged_then_edited_and_removed(app, make, analysts):
    submission, fees = setup(make, analysts)
    outcome = make.outcome(analysts.round)
    remittances = factories.theme(db.session.get(type(fees.codebook), analysts.round.id), "Remittances")
    db.session.commit()
    client = signed_in(app, analysts.moderator)
    post(client, page_of(submission), {"part": "", "passage": "ignored", "theme": str(fees.id), "stance": "mixed"})
    assert "The whole submission" in text_of(client, page_of(submission))
    fresh()
    tag = db.session.scalars(select(Tag)).one()
    assert (tag.part, tag.passage, tag.stance) == ("", "", Stance.MIXED)
    duplicate = post(client, page_of(submission), {"part": "", "theme": str(fees.id), "stance": "supports"})
    assert "already tagged with “Recruitment fees”" in duplicate.get_data(as_text=True)
    recommendation = outcome.recommendations[0]
    edit = f"/rounds/{analysts.round.slug}/analysis/tags/{tag.id}/edit"
    assert "Recruitment fees" in text_of(client, edit)
    post(client, edit, {"theme": str(remittances.id), "stance": "opposes", "recommendation": str(recommendation.id),
                        "note": "Against the draft"})
    page = text_of(client, page_of(submission))
    assert "Remittances" in page and f"towards {recommendation.code}" in page and "Against the draft" in page
    post(client, f"/rounds/{analysts.round.slug}/analysis/tags/{tag.id}/remove")
    assert "No tag yet." in text_of(client, page_of(submission))


def test_without_a_codebook_the_analyst_is_sent_to_start_one(app, make, analysts):
    submission = make.submission(analysts.round, analysts.org)
    db.session.commit()
    client = signed_in(app, analysts.moderator)
    response = client.get(page_of(submission), follow_redirects=True)
    assert "Start the round&#39;s codebook before tagging its input." in response.get_data(as_text=True)


def test_an_analyst_of_one_round_cannot_see_or_tag_another_rounds_input(app, make, analysts):
    submission, fees = setup(make, analysts)
    other_convener = make.user(Role.CONVENER)
    other_round = make.closed_round(convener=other_convener)
    other_submission = make.submission(other_round, analysts.org)
    other_theme = factories.theme(factories.codebook(other_round), "Other")
    other_tag = factories.tag(other_submission, other_theme)
    db.session.commit()
    client = signed_in(app, analysts.moderator)
    assert client.get(page_of(other_submission)).status_code == 403  # not an analyst there
    # Through their own round's address: another round's things are not found.
    own = f"/rounds/{analysts.round.slug}/analysis"
    assert client.get(f"{own}/submissions/{other_submission.id}").status_code == 404
    assert client.get(f"{own}/themes/{other_theme.id}").status_code == 404
    assert client.get(f"{own}/tags/{other_tag.id}/edit").status_code == 404
    assert post(client, f"{own}/tags/{other_tag.id}/remove").status_code == 404
    refused = post(client, page_of(submission), {"part": "", "theme": str(other_theme.id), "stance": "supports"})
    assert refused.status_code == 422 and "Not a valid choice" in refused.get_data(as_text=True)
    fresh()
    assert db.session.scalars(select(Tag).where(Tag.submission_id == submission.id)).all() == []


def test_untagged_input_is_listed_until_tagged(app, make, analysts):
    submission, fees = setup(make, analysts)
    make.submission(analysts.round, analysts.org, state=State.DRAFT, title="A draft never sent")
    db.session.commit()
    client = signed_in(app, analysts.convener)
    listing = text_of(client, f"/rounds/{analysts.round.slug}/analysis/untagged")
    assert submission.reference in listing and "A draft never sent" not in listing
    post(client, page_of(submission), {"part": "", "theme": str(fees.id), "stance": "supports"})
    assert "Every submission received has at least one tag." in text_of(
        client, f"/rounds/{analysts.round.slug}/analysis/untagged")


def test_the_public_reads_published_passages_only_with_redactions(app, make, analysts):
    shown, fees = setup(make, analysts)
    pending = make.submission(analysts.round, analysts.org, state=State.SUBMITTED,
                              answers={"q1": "Unpublished words about fees.", "q2": "x"})
    part = f"answer:{analysts.round.questions[0].id}"
    factories.tag(shown, fees, "Agencies must be licensed and inspected.", part=part)
    factories.tag(pending, fees, "Unpublished words about fees.", part=part)
    make.redaction(shown, "licensed", field=part)
    make.outcome(analysts.round)
    db.session.commit()
    convener = signed_in(app, analysts.convener)
    post(convener, f"/rounds/{analysts.round.slug}/outcome/publish")
    post(convener, f"/rounds/{analysts.round.slug}/analysis/publish")
    page = text_of(app.test_client(), f"/rounds/{analysts.round.slug}/analysis/themes/{fees.id}")
    assert "Agencies must be [redacted: personal data] and inspected." in page
    assert "licensed" not in page and "Unpublished words" not in page
    assert "Unpublished words about fees." in text_of(
        convener, f"/rounds/{analysts.round.slug}/analysis/themes/{fees.id}")  # staff read everything


def test_a_tag_is_not_moved_onto_a_theme_that_already_has_the_same_passage(app, make, analysts):
    submission, fees = setup(make, analysts)
    remittances = factories.theme(fees.codebook, "Remittances")
    moved = factories.tag(submission, fees, "never pay recruitment fees")
    factories.tag(submission, remittances, "never pay recruitment fees")
    db.session.commit()
    client = signed_in(app, analysts.moderator)
    refused = post(client, f"/rounds/{analysts.round.slug}/analysis/tags/{moved.id}/edit",
                   {"theme": str(remittances.id), "stance": "supports", "note": "typed"})
    assert refused.status_code == 422
    assert "This passage is already tagged with “Remittances”." in refused.get_data(as_text=True)
    fresh()
    assert db.session.get(Tag, moved.id).theme_id == fees.id
