"""Two moderators' requests running at the same moment on PostgreSQL: both load the same
version, both decide; exactly one decision is applied, the other is told who won.

On SQLite a deciding request takes the write lock before it reads (BEGIN IMMEDIATE), so the
two are serialised and ``test_decisions.test_two_moderators_deciding_at_once`` covers it."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from consult import db
from consult.moderation import services
from consult.moderation.models import ModerationDecision
from consult.submissions.models import Submission
from consult.submissions.states import Action, State
from tests.conftest import TEST_DATABASE_URL, is_postgres

pytestmark = pytest.mark.skipif(not (TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL)),
                                reason="needs PostgreSQL (row locks between concurrent transactions)")


def test_simultaneous_decisions_apply_exactly_one(app, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    both_loaded = threading.Barrier(2, timeout=10)
    outcomes: dict[str, str] = {}

    def moderate(name, user_id, action, reason_code):
        with app.test_request_context(method="POST"):
            from consult.auth.models import User

            actor = db.session.get(User, user_id)
            mine = db.session.get(Submission, submission.id)
            version = mine.lock_version
            both_loaded.wait()
            try:
                services.decide(mine, action, actor=actor, expected_version=version, reason_code=reason_code)
                db.session.commit()
                outcomes[name] = "applied"
            except services.StaleDecisionRefused as exc:
                db.session.rollback()
                outcomes[name] = str(exc)

    threads = [
        threading.Thread(target=moderate, args=("first", staff.moderator.id, Action.PUBLISH, None)),
        threading.Thread(target=moderate, args=("second", staff.convener.id, Action.REJECT, "Spam or advertising")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(o == "applied" for o in outcomes.values()) == [False, True], outcomes
    loser = next(o for o in outcomes.values() if o != "applied")
    assert loser.startswith("Already decided by")
    db.session.commit()
    db.session.expire_all()
    decisions = db.session.scalars(select(ModerationDecision)).all()
    assert len(decisions) == 1
    assert db.session.get(Submission, submission.id).state.value == decisions[0].to_state
