"""A round that publishes its approved input at close: search follows the deadline, the
moment it passes as well as the conveners' close-early, reopen and archive."""
from __future__ import annotations

from datetime import timedelta

from consult import db
from consult.db import utcnow
from consult.rounds import services as round_services
from consult.rounds.models import PublicationPolicy
from consult.search import indexer
from consult.submissions.services import transition
from consult.submissions.states import Action, State


def approved_in_at_close_round(make, **round_kwargs):
    round_ = make.round(policy=PublicationPolicy.AT_CLOSE, **round_kwargs)
    submission = make.submission(round_, make.organisation(), state=State.SUBMITTED)
    transition(submission, Action.PUBLISH, actor=None)
    db.session.commit()
    return round_, submission


def drain_at(app, now):
    with app.app_context():  # as `search watch` does, in a session of its own
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True, now=now)


def test_approved_input_is_searchable_from_the_moment_the_round_closes(app, make, index_ids):
    closes = utcnow() + timedelta(hours=1)
    _round, submission = approved_in_at_close_round(make, closes_at=closes)
    drain_at(app, utcnow())
    assert index_ids() == set()  # approved, but the round has not closed
    drain_at(app, closes - timedelta(seconds=1))
    assert index_ids() == set()
    drain_at(app, closes + timedelta(seconds=5))  # nothing was written: only the clock moved
    assert index_ids() == {submission.id}


def test_closing_early_reopening_and_archiving_update_search(app, make, drain, index_ids):
    round_, submission = approved_in_at_close_round(make)
    drain()
    assert index_ids() == set()
    round_services.close_early(round_, actor=None, reason="Enough input")
    drain()
    assert index_ids() == {submission.id}
    round_services.reopen(round_, actor=None, closes_at=utcnow() + timedelta(days=2), reason="One more week")
    drain()
    assert index_ids() == set()  # open again: approved input waits for the new close
    round_.closes_at = utcnow() - timedelta(minutes=1)
    round_services.archive(round_, actor=None, reason="Done")
    drain()
    assert index_ids() == {submission.id}
