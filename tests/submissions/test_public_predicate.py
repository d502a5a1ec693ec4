"""One predicate says what the public may see; its SQL and Python forms always agree."""
import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult import db
from consult.db import utcnow
from consult.rounds.models import PublicationPolicy, RoundStatus
from consult.submissions.models import Consent, Submission
from consult.submissions.states import TRANSITIONS, State, path_from_draft


def test_sql_and_python_forms_agree_on_every_combination(app, make):
    org = make.organisation()
    rounds = []
    for status, policy, closed in itertools.product(
        [RoundStatus.DRAFT, RoundStatus.PUBLISHED, RoundStatus.CONCLUDED], list(PublicationPolicy), [False, True]
    ):
        now = utcnow()
        closes = now - timedelta(hours=1) if closed else now + timedelta(days=1)
        rounds.append(make.round(status=status, policy=policy, opens_at=now - timedelta(days=5), closes_at=closes))
    for round_, state, consent in itertools.product(rounds, list(State), list(Consent)):
        make.submission(round_, org, state=state, consent=consent)
    db.session.commit()

    now = utcnow()
    in_sql = set(db.session.scalars(select(Submission.id).where(Submission.public_clause(now))))
    in_python = {s.id for s in db.session.scalars(select(Submission)) if s.is_public(now)}
    assert in_sql == in_python
    assert in_sql  # some are public ...
    for submission in db.session.scalars(select(Submission).where(Submission.id.in_(in_sql))):
        assert submission.state == State.PUBLISHED and submission.consent != Consent.NOT_PUBLISHED


@pytest.mark.parametrize("state", list(State))
def test_the_path_from_a_draft_leads_to_each_state(state):
    current = State.DRAFT
    for action in path_from_draft(state):
        current = TRANSITIONS[(current, action)][0]
    assert current == state
