"""Nothing unpublished leaves the server: draft outcomes and drafted recommendations are
seen by the round's conveners only, on every page, list and export."""
from datetime import timedelta

from consult import db
from consult.db import utcnow
from consult.outcomes import services
from consult.security import Role
from consult.submissions.states import State
from tests.outcomes.helpers import signed_in, text_of

SECRET = "A drafted recommendation nobody may read yet."
SUMMARY = "A drafted session summary."


def drafted(make):
    convener = make.user(Role.CONVENER)
    higher = make.round(title="Global round", closes_at=utcnow() + timedelta(days=9))
    round_ = make.closed_round(title="National round", convener=convener, feeds_into=higher)
    outcome = make.outcome(round_, text=SECRET)
    services.save_syntheses(outcome, actor=None, texts={round_.sessions[0].id: SUMMARY})
    db.session.commit()
    return convener, round_, outcome, higher


def public_urls(round_, outcome, higher):
    recommendation = outcome.recommendations[0]
    return [
        "/", "/rounds", f"/rounds/{round_.slug}", f"/rounds/{higher.slug}", "/recommendations",
        "/recommendations/export.csv", "/recommendations/export.json", f"/recommendations?round={round_.slug}",
        f"/rounds/{round_.slug}/outcome", f"/recommendations/{recommendation.id}",
    ]


def test_a_draft_outcome_is_nowhere_public(app, make):
    convener, round_, outcome, higher = drafted(make)
    member = make.user(organisation=make.organisation())
    db.session.commit()
    for client in (app.test_client(), signed_in(app, member)):
        for url in public_urls(round_, outcome, higher):
            response = client.get(url)
            assert response.status_code in (200, 404), url
            body = response.get_data(as_text=True)
            assert SECRET not in body and SUMMARY not in body, url
    convener_view = text_of(signed_in(app, convener), f"/rounds/{round_.slug}/outcome")
    assert SECRET in convener_view and "Draft: only the round's conveners see this page" in convener_view


def test_the_round_page_links_the_outcome_only_once_published(app, make):
    convener, round_, outcome, _ = drafted(make)
    public = app.test_client()
    assert "Read the outcome" not in text_of(public, f"/rounds/{round_.slug}")
    assert "draft, seen by the conveners only" in text_of(signed_in(app, convener), f"/rounds/{round_.slug}")
    services.publish_outcome(outcome, actor=convener)
    db.session.commit()
    assert "Read the outcome" in text_of(public, f"/rounds/{round_.slug}")
    assert "Outcome published" in text_of(public, f"/rounds/{round_.slug}")  # the round's phase


def test_supporting_input_that_is_no_longer_public_drops_out(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.closed_round(convener=convener)
    submission = make.submission(round_, make.organisation(), title="Input later withdrawn from view")
    make.outcome(round_, supporting=[submission])
    db.session.commit()
    from consult.outcomes.queries import outcome_of
    from consult.submissions import services as submission_services
    from consult.submissions.states import Action

    submission_services.transition(submission, Action.HIDE, actor=None, reason="reported")
    services.publish_outcome(outcome_of(round_), actor=convener)
    db.session.commit()
    assert submission.state == State.HIDDEN
    recommendation = outcome_of(round_).recommendations[0]
    page = text_of(app.test_client(), f"/recommendations/{recommendation.id}")
    assert "Input later withdrawn from view" not in page and submission.reference not in page
