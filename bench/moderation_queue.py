"""How long the moderation queue takes with many submissions.

    .venv/bin/python bench/moderation_queue.py --submissions 5000

Builds a throwaway SQLite database (or uses --database-url), fills one round, and prints
the time of a queue page with no filter, with filters, and with a text search.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import timedelta

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # config.py sits at the top

from consult import create_app, db, migrate  # noqa: E402
from consult.db import utcnow  # noqa: E402
from consult.moderation import queries  # noqa: E402
from consult.organisations.models import Organisation, StakeholderGroup  # noqa: E402
from consult.rounds.models import Level, Question, Round, RoundStatus  # noqa: E402
from consult.submissions.models import Answer, Submission  # noqa: E402
from consult.submissions.states import State  # noqa: E402

STATES = [State.SUBMITTED] * 6 + [State.PUBLISHED, State.REJECTED, State.CHANGES_REQUESTED, State.DRAFT]


def fill(n: int) -> int:
    now = utcnow()
    round_ = Round(slug="bench", title="Bench round", level=Level.GLOBAL, opens_at=now - timedelta(days=30),
                   closes_at=now + timedelta(days=30), status=RoundStatus.PUBLISHED, reference_prefix="B")
    round_.questions = [Question(key=f"q{i}", position=i, text=f"Question {i}?") for i in range(3)]
    db.session.add(round_)
    orgs = [Organisation(name=f"Organisation {i}", stakeholder_group=list(StakeholderGroup)[i % 9],
                         country=["PH", "MX", "SN", "DE"][i % 4], verified_at=now if i % 3 else None)
            for i in range(max(1, n // 5))]
    db.session.add_all(orgs)
    db.session.flush()
    for i in range(n):
        state = STATES[i % len(STATES)]
        s = Submission(reference=f"B-{i:06d}", round=round_, organisation=orgs[i % len(orgs)], state=state,
                       title=f"Input {i} on recruitment fees", summary="Fees push workers into debt. " * 5,
                       submitted_at=None if state == State.DRAFT else now - timedelta(minutes=i),
                       published_at=now if state == State.PUBLISHED else None, language=["en", "fr", "es"][i % 3])
        s.answers = [Answer(question_id=q.id, text=f"Answer {i} about wage theft and remittances. " * 20)
                     for q in round_.questions]
        db.session.add(s)
    db.session.commit()
    return round_.id


def timed(label: str, fn, repeat: int = 5) -> None:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        page = fn()
        runs.append((time.perf_counter() - start) * 1000)
    print(f"{label:<40} {statistics.median(runs):8.1f} ms (median of {repeat}), {page.total} matching")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"DATABASE_URL": url})
    migrate.upgrade(app)
    with app.test_request_context():
        start = time.perf_counter()
        round_id = fill(args.submissions)
        print(f"filled {args.submissions} submissions in {time.perf_counter() - start:.1f} s")
        F = queries.QueueFilters
        timed("queue, no filter (page 1)", lambda: queries.queue([round_id], F()))
        timed("queue, last page, newest first", lambda: queries.queue([round_id], F(sort="newest", page=10_000)))
        timed("queue, awaiting review + group + country", lambda: queries.queue(
            [round_id], F(state="submitted", group="trade_union", country="PH")))
        timed("queue, search 'organisation 7'", lambda: queries.queue([round_id], F(q="organisation 7")))
        timed("queue, search in answers 'remittances'", lambda: queries.queue([round_id], F(q="remittances")))


if __name__ == "__main__":
    main()
