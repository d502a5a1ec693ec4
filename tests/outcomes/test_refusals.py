"""What the outcome refuses, with a message; and editing after publication keeps history."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consult import db
from consult.audit import AuditEvent
from consult.db import utcnow
from consult.outcomes import services
from consult.outcomes.queries import outcome_of
from consult.outcomes.models import Forwarding, RecommendationVersion, SynthesisVersion
from consult.outcomes.services import OutcomeRefused
from consult.outcomes.states import Addressee, RecommendationStatus
from consult.rounds.models import RoundStatus
from consult.security import Role
from tests.outcomes.helpers import fresh, post, signed_in, text_of


def concluded_feeding(make, *, target_status=RoundStatus.PUBLISHED, target_open=True, publish=True):
    convener = make.user(Role.CONVENER)
    now = utcnow()
    target = make.round(title="Regional consultation", status=target_status,
                        closes_at=now + timedelta(days=5) if target_open else now - timedelta(days=1),
                        opens_at=now - timedelta(days=20))
    lower = make.closed_round(title="Local consultation", convener=convener, feeds_into=target)
    make.outcome(lower, publish=publish)
    db.session.commit()
    return convener, lower, target


def forward_message(app, convener, round_):
    response = post(signed_in(app, convener), f"/rounds/{round_.slug}/outcome/forward", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def forwardings():
    fresh()
    return db.session.scalar(select(func.count()).select_from(Forwarding))


def test_forwarding_from_a_round_that_is_not_concluded_is_refused(app, make):
    convener, lower, _ = concluded_feeding(make, publish=False)
    html = forward_message(app, convener, lower)
    assert "Recommendations can be forwarded only once this round&#39;s outcome is published." in html
    assert forwardings() == 0


@pytest.mark.parametrize("status, is_open, phase", [
    (RoundStatus.PUBLISHED, False, "closed"),
    (RoundStatus.DRAFT, True, "draft"),
    (RoundStatus.CONCLUDED, False, "outcome published"),
])
def test_forwarding_to_a_round_that_does_not_accept_input_is_refused(app, make, status, is_open, phase):
    convener, lower, target = concluded_feeding(make, target_status=status, target_open=is_open)
    html = forward_message(app, convener, lower)
    assert f"“Regional consultation” does not accept input now (it is {phase})." in html
    assert forwardings() == 0


def test_forwarding_from_a_round_that_feeds_no_other_is_refused(app, make):
    convener, lower, _ = concluded_feeding(make)
    lower.feeds_into = None
    db.session.commit()
    assert "This round does not feed into another round." in forward_message(app, convener, lower)


def test_forwarding_twice_is_refused(app, make):
    convener, lower, _ = concluded_feeding(make)
    assert "Recommendations forwarded to" in forward_message(app, convener, lower)
    assert "These recommendations were already forwarded to “Regional consultation”." in forward_message(
        app, convener, lower)
    assert forwardings() == 1


def test_an_outcome_waits_for_the_close_and_is_published_once(app, make):
    convener = make.user(Role.CONVENER)
    open_round = make.round(convener=convener)
    closed = make.closed_round(convener=convener)
    make.outcome(closed, publish=True)
    db.session.commit()
    client = signed_in(app, convener)
    assert client.get(f"/rounds/{open_round.slug}/outcome/edit").status_code == 403
    assert "can be written once the round has closed" in text_of(client, f"/rounds/{open_round.slug}/outcome")
    with pytest.raises(OutcomeRefused, match="already published"):
        services.publish_outcome(outcome_of(closed), actor=convener)


def test_an_empty_outcome_is_not_published(app, make):
    convener = make.user(Role.CONVENER)
    closed = make.closed_round(convener=convener)
    services.outcome_for(closed, actor=convener)
    db.session.commit()
    html = post(signed_in(app, convener), f"/rounds/{closed.slug}/outcome/publish", follow_redirects=True)
    assert "Write a session summary or a recommendation before publishing the outcome." in html.get_data(as_text=True)
    fresh()
    assert closed.status == RoundStatus.PUBLISHED


def test_an_unknown_status_move_is_refused(app, make):
    convener = make.user(Role.CONVENER)
    recommendation = make.outcome(make.closed_round(convener=convener), publish=True).recommendations[0]
    with pytest.raises(OutcomeRefused, match="cannot become"):
        services.post_update(recommendation, actor=convener, status=RecommendationStatus.IMPLEMENTED, text="x")


def test_editing_after_publication_keeps_the_history_and_says_updated(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.closed_round(convener=convener)
    outcome = make.outcome(round_, publish=True, text="Regulate recruiters.")
    recommendation = outcome.recommendations[0]
    session = round_.sessions[0]
    db.session.commit()
    client = signed_in(app, convener)

    response = post(client, f"/recommendations/{recommendation.id}/edit", {
        "text": "Licence and inspect recruiters.", "addressee": "named_body",
        "addressee_name": "Ministry of Labour", "session": str(session.id)})
    assert response.status_code == 302
    post(client, f"/rounds/{round_.slug}/outcome/edit", {f"session_{session.id}": "A corrected summary."})

    fresh()
    version = db.session.scalar(select(RecommendationVersion))
    assert version.text == "Regulate recruiters." and version.addressee == Addressee.GOVERNMENTS
    assert db.session.scalar(select(SynthesisVersion)).text == "The session **agreed**."
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"revise_recommendation", "revise_syntheses"} <= actions

    public = app.test_client()
    page = text_of(public, f"/recommendations/{recommendation.id}")
    assert "Licence and inspect recruiters." in page and "Ministry of Labour" in page
    assert "Earlier wording" in page and "Regulate recruiters." in page
    outcome_page = text_of(public, f"/rounds/{round_.slug}/outcome")
    assert "updated on" in outcome_page and "A corrected summary." in outcome_page
    assert "Corrected once since publication." in outcome_page
    assert "The session <strong>agreed</strong>." in outcome_page  # the earlier text, rendered


def test_drafting_keeps_no_versions(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.closed_round(convener=convener)
    recommendation = make.outcome(round_).recommendations[0]
    db.session.commit()
    post(signed_in(app, convener), f"/recommendations/{recommendation.id}/edit",
         {"text": "Second draft.", "addressee": "governments"})
    fresh()
    assert recommendation.text == "Second draft."
    assert db.session.scalar(select(func.count()).select_from(RecommendationVersion)) == 0


def test_the_platform_itself_may_record_follow_up(app, make):
    recommendation = make.outcome(make.closed_round(), publish=True).recommendations[0]
    update = services.post_update(recommendation, actor=None, status=RecommendationStatus.ACCEPTED,
                                  text="Imported from the 2025 monitoring report.")
    assert update.organisation is None and recommendation.status == RecommendationStatus.ACCEPTED
    assert recommendation.status_changed_at is not None


def test_a_drafted_recommendation_can_be_deleted_and_the_rest_renumbered(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.closed_round(convener=convener)
    outcome = make.outcome(round_, recommendations=3)
    first, second, third = outcome.recommendations
    db.session.commit()
    response = post(signed_in(app, convener), f"/recommendations/{second.id}/delete", follow_redirects=True)
    assert "The drafted recommendation was deleted." in response.get_data(as_text=True)
    fresh()
    assert [(r.id, r.position) for r in outcome_of(round_).recommendations] == [(first.id, 1), (third.id, 2)]
    services.publish_outcome(outcome_of(round_), actor=convener)
    with pytest.raises(OutcomeRefused, match="cannot be deleted"):
        services.delete_recommendation(first, actor=convener)
