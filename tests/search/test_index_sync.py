"""The index follows the database: exactly the public submissions, never a redacted word."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from consult import db
from consult import search_outbox as outbox
from consult.search import index, indexer, searcher
from consult.submissions.models import Redaction, RedactionReason
from consult.submissions.services import TransitionRefused, save_content, transition
from consult.submissions.states import Action, State
from tests.search.conftest import live_generation, public_ids

WORDS = ["alpha", "bravo", "charlie", "delta", "echo"]
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["publish", "hide", "restore", "withdraw", "redact", "edit"]),
              st.integers(0, 2), st.sampled_from(WORDS)),
    min_size=1, max_size=12,
)


def ids_containing(app, word: str) -> set[int]:
    worker = searcher.for_worker(app.config["SEARCH_INDEX_DIR"], app.config["SEARCH_BACKEND"])
    return set(worker.search(word, filters={}, page=1, per_page=100, sort="relevance").ids)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_index_holds_exactly_the_public_submissions_and_no_redacted_word(app, make, drain, index_ids, operations):
    round_ = make.round(questions=1)
    org = make.organisation()
    submissions = [make.submission(round_, org, state=State.SUBMITTED, title=f"Input {i}",
                                   answers={"q1": "Workers speak: " + " ".join(WORDS)}) for i in range(3)]
    redacted: set[str] = set()
    question = round_.questions[0]
    for name, which, word in operations:
        submission = submissions[which]
        try:
            if name == "publish":
                transition(submission, Action.PUBLISH, actor=None)
            elif name == "hide":
                transition(submission, Action.HIDE, actor=None, reason="reported")
            elif name == "restore":
                transition(submission, Action.RESTORE, actor=None, reason="cleared")
            elif name == "withdraw":
                transition(submission, Action.WITHDRAW, actor=None)
            elif name == "redact":
                submission.redactions.append(Redaction(field=f"answer:{question.id}", passage=word,
                                                       reason=RedactionReason.PERSONAL_DATA))
                outbox.enqueue(submission.id)
                redacted.add((submission.id, word))
            elif name == "edit":
                save_content(submission, actor=None, answers={question.id: f"Edited: {word} and more"})
        except TransitionRefused:
            continue
        if which == 0:
            drain()  # sometimes drain in the middle of the sequence, sometimes only at the end
    drain()
    assert index_ids() == public_ids()
    for submission_id, word in redacted:
        assert submission_id not in ids_containing(app, word)


def test_a_crash_between_commit_and_drain_is_repaired_by_the_next_drain(app, make, drain, index_ids):
    submission = make.submission(make.round(), make.organisation(), state=State.SUBMITTED)
    transition(submission, Action.PUBLISH, actor=None)
    db.session.commit()  # the process dies here: committed, never drained
    assert index_ids() == set()
    drain()
    assert index_ids() == {submission.id}


def test_a_crash_between_the_index_commit_and_the_position_write_reapplies_safely(app, make, drain, index_ids,
                                                                                    monkeypatch):
    submission = make.submission(make.round(), make.organisation())
    db.session.commit()

    def crash(*_args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(index, "write_position", crash)
    with pytest.raises(RuntimeError), app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    monkeypatch.undo()
    transition(submission, Action.HIDE, actor=None, reason="reported")
    report = drain()
    assert report.entries >= 2  # the publish entry again, and the hide
    assert index_ids() == set() == public_ids()


def test_an_entry_committed_late_below_the_position_is_still_applied(app, make, drain, index_ids):
    """PostgreSQL may commit outbox id 10 after id 11; the gap is watched until it fills."""
    from sqlalchemy import select

    from consult.search_outbox import SearchOutbox

    early = make.submission(make.round(), make.organisation())
    late = make.submission(make.round(), make.organisation())
    drain()
    transition(early, Action.HIDE, actor=None, reason="x")
    transition(late, Action.HIDE, actor=None, reason="x")
    db.session.commit()
    first = db.session.scalars(select(SearchOutbox).order_by(SearchOutbox.id.desc()).limit(2)).all()[-1]
    entry_id, submission_id = first.id, first.submission_id
    db.session.delete(first)  # not committed yet, as far as the drain can see
    drain()
    assert len(index_ids()) == 1
    db.session.add(SearchOutbox(id=entry_id, submission_id=submission_id))  # ... now it commits
    drain()
    assert index_ids() == set() == public_ids()


WORKER = textwrap.dedent("""
    import json, sys
    from consult import create_app, db
    from consult.search import indexer
    from consult.submissions.models import Submission
    from consult.submissions.services import transition
    from consult.submissions.states import Action
    url, index_dir, ids, backend = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
    app = create_app({"DATABASE_URL": url, "SEARCH_INDEX_DIR": index_dir, "SEARCH_BACKEND": backend})
    from sqlalchemy.exc import OperationalError
    for sid in ids:
        for attempt in range(20):
            # Outside a request SQLite transactions begin DEFERRED, so a concurrent commit can
            # refuse our write ("database is locked"): retry it, as a job runner would.
            with app.app_context():
                try:
                    transition(db.session.get(Submission, sid), Action.PUBLISH, actor=None)
                    db.session.commit()
                except OperationalError:
                    db.session.rollback()
                    continue
                indexer.drain(index_dir, wait=False)  # as after a request: never wait for the lock
                break
        else:
            sys.exit("could not publish " + str(sid))
""")


def test_two_processes_publishing_at_once_lose_no_update(app, make, drain, index_ids, tmp_path):
    round_ = make.round(questions=1)
    org = make.organisation()
    pending = [make.submission(round_, org, state=State.SUBMITTED).id for _ in range(16)]
    db.session.commit()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    url, index_dir = app.config["DATABASE_URL"], app.config["SEARCH_INDEX_DIR"]
    backend = app.config["SEARCH_BACKEND"]
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, url, index_dir, json.dumps(pending[i::2]), backend], env=env)
             for i in range(2)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    drain()  # what a busy lock left behind, as `search watch` would
    assert index_ids() == set(pending) == public_ids()


def test_reindex_builds_a_fresh_generation_and_swaps_it_in(app, make, drain, index_ids, runner):
    first = make.submission(make.round(), make.organisation())
    drain()
    _engine, old = live_generation(app)
    second = make.submission(make.round(), make.organisation())
    db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "docs/s" in result.output
    assert live_generation(app)[1] != old
    assert index_ids() == {first.id, second.id}
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 0 and "In step." in status.output


def test_status_reports_drift_and_drain_repairs_it(app, make, runner):
    make.submission(make.round(), make.organisation())
    db.session.commit()
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 1 and "Out of step" in status.output
    assert "Applied" in runner.invoke(args=["search", "drain"]).output
    assert runner.invoke(args=["search", "status"]).exit_code == 0


def test_a_request_that_publishes_drains_after_the_response(app, make, index_ids):
    submission = make.submission(make.round(), make.organisation(), state=State.SUBMITTED)
    db.session.commit()
    probe = app.test_client()

    @app.post("/_probe_publish")  # stands in for the moderation view, which lives elsewhere
    def _probe_publish():
        transition(db.session.get(type(submission), submission.id), Action.PUBLISH, actor=None)
        db.session.commit()
        return "ok"

    response = probe.post("/_probe_publish")
    response.close()  # the WSGI server closes the response: the drain runs then
    assert index_ids() == {submission.id}


def test_renaming_an_organisation_reindexes_its_published_input(app, make, drain):
    from consult.organisations import services as organisation_services
    from consult.search import queries as search_queries

    org = make.organisation("Old Name Collective")
    make.submission(make.round(), org, title="Care work across borders")
    drain()
    organisation_services.update(org, {"name": "Renamed Solidarity Network", "stakeholder_group": "civil_society",
                                       "country": "PH"}, actor=None)
    drain()
    with app.test_request_context():
        found = search_queries.run(search_queries.SearchRequest(q="Solidarity"))
        assert [r.submission.organisation_id for r in found.results] == [org.id]
        assert search_queries.run(search_queries.SearchRequest(q="Collective")).results == []
