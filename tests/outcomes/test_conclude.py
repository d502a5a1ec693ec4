"""Publishing an outcome concludes the round through the rounds' own service, so the round's
rules hold: its phase is checked, the change is audited and the search index is told."""
import pytest
from sqlalchemy import select, text

from consult import db
from consult.audit import AuditEvent
from consult.outcomes import services
from consult.outcomes.queries import outcome_of
from consult.outcomes.services import OutcomeRefused
from consult.rounds.models import RoundStatus
from consult.rounds.services import RoundRefused
from consult.security import Role
from tests.outcomes.helpers import fresh, post, signed_in


def search_refreshes(submission_id: int) -> int:
    # By table name: which module holds the outbox is not what this test is about.
    return db.session.scalar(text("SELECT count(*) FROM search_outbox WHERE submission_id = :id"),
                             {"id": submission_id})


def test_publishing_the_outcome_concludes_the_round_through_its_service(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.closed_round(convener=convener)
    published = make.submission(round_, make.organisation("Returnee Network"))
    make.outcome(round_)
    db.session.commit()
    before = search_refreshes(published.id)

    assert post(signed_in(app, convener), f"/rounds/{round_.slug}/outcome/publish").status_code == 302

    fresh()
    assert db.session.get(type(round_), round_.id).status == RoundStatus.CONCLUDED
    conclude = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "conclude", AuditEvent.object_id == round_.id)).one()
    assert (conclude.from_state, conclude.to_state) == ("published", "concluded")
    assert search_refreshes(published.id) > before  # rounds that publish at close change what is public


def test_an_outcome_is_not_published_while_the_round_is_open(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    make.outcome(round_)
    db.session.commit()
    with app.test_request_context(), pytest.raises((OutcomeRefused, RoundRefused)):
        services.publish_outcome(outcome_of(round_), actor=convener)
    assert round_.status == RoundStatus.PUBLISHED
