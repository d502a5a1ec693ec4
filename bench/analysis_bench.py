"""How fast the convergence matrix answers on a large analysed round.

Builds a throwaway SQLite database holding one closed round with SUBMISSIONS submissions
(a tenth of them sent to a local round that feeds into it, a tenth not public) from 600
organisations of every stakeholder group in 20 countries, a codebook of 30 themes (20 with
10 sub-themes) and TAGS tags with random stances; the outcome and the analysis are
published. Then times, through the Flask test client, the matrix as the convener and as the
public sees it, filtered by country and by level, and its CSV export.

    .venv/bin/python bench/analysis_bench.py                       # 10,000 submissions, 50,000 tags
    .venv/bin/python bench/analysis_bench.py --submissions 1000 --tags 5000 --repeat 10
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere, without installing

from sqlalchemy import insert, select

from consult import create_app, db, migrate
from consult.analysis.models import Codebook, CodebookOrigin, Stance, Tag, Theme
from consult.auth.models import User, UserRole
from consult.db import utcnow
from consult.organisations.models import Organisation, StakeholderGroup
from consult.outcomes.models import Outcome
from consult.outcomes.states import OutcomeStatus
from consult.rounds.models import Level, Round, RoundStaff, RoundStatus, StaffRole
from consult.security import Role
from consult.submissions.models import Consent, Submission
from consult.submissions.states import State

COUNTRIES = ["PH", "MX", "SN", "FR", "DE", "IN", "BD", "NP", "LB", "ET", "KE", "NG", "GT", "SV", "US", "CA",
             "ES", "IT", "MA", "TN"]


def seed(submissions: int, tags: int, rng: random.Random) -> User:
    now = utcnow()
    convener = User(email="convener@bench.example", name="Convener", password_hash="-", email_confirmed_at=now)
    convener.role_rows = [UserRole(role=Role.MEMBER), UserRole(role=Role.CONVENER)]
    dates = dict(opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1))
    global_round = Round(slug="bench-global", title="Global round", level=Level.GLOBAL, status=RoundStatus.CONCLUDED,
                         reference_prefix="G", **dates)
    global_round.staff.append(RoundStaff(user=convener, role=StaffRole.CONVENER))
    local_round = Round(slug="bench-local", title="Local round", level=Level.LOCAL, status=RoundStatus.CONCLUDED,
                        reference_prefix="L", feeds_into=global_round, **dates)
    db.session.add_all([convener, global_round, local_round])
    db.session.flush()
    groups = list(StakeholderGroup)
    organisations = [Organisation(name=f"Organisation {i}", stakeholder_group=groups[i % len(groups)],
                                  country=COUNTRIES[i % len(COUNTRIES)], verified_at=now) for i in range(600)]
    db.session.add_all(organisations)
    db.session.flush()
    rows = []
    for i in range(submissions):
        round_ = local_round if i % 10 == 0 else global_round
        rows.append(dict(reference=f"B-{i}", round_id=round_.id, organisation_id=organisations[i % 600].id,
                         state=State.PUBLISHED, title=f"Input {i}", summary="Recruitment fees push workers into debt.",
                         consent=Consent.NOT_PUBLISHED if i % 10 == 5 else Consent.NAMED,
                         submitted_at=now, published_at=now))
    db.session.execute(insert(Submission), rows)
    ids = list(db.session.scalars(select(Submission.id)))
    db.session.add(Codebook(round_id=global_round.id, origin=CodebookOrigin.SCRATCH, published_at=now))
    db.session.flush()
    parents = [Theme(round_id=global_round.id, title=f"Theme {i}", position=i) for i in range(20)]
    db.session.add_all(parents)
    db.session.flush()
    children = [Theme(round_id=global_round.id, title=f"Sub-theme {i}", position=i, parent_id=parents[i].id)
                for i in range(10)]
    db.session.add_all(children)
    db.session.flush()
    themes = [t.id for t in parents + children]
    stances = list(Stance)
    db.session.execute(insert(Tag), [
        dict(round_id=global_round.id, submission_id=rng.choice(ids), theme_id=rng.choice(themes), part="summary",
             passage="Recruitment fees push workers into debt.", stance=rng.choice(stances)) for _ in range(tags)])
    db.session.add(Outcome(round_id=global_round.id, status=OutcomeStatus.PUBLISHED, published_at=now))
    db.session.commit()
    return convener


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def measure(client, url: str, repeat: int) -> tuple[float, float, float, float]:
    """p50 and p95 of the wall time and of the process's CPU time, in ms. The CPU time is what
    the request costs; the wall time adds whatever else the machine runs meanwhile."""
    client.get(url)  # warm up
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(wall), p95(wall), statistics.median(cpu), p95(cpu)


def calibration() -> float:
    """CPU ms of a fixed pure-Python loop: compare machines (about 150 ms on an idle laptop core)."""
    start = time.process_time()
    sum(i * i for i in range(3_000_000))
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--tags", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}", "UPLOAD_DIR": tmp})
        migrate.upgrade(app)
        started = time.perf_counter()
        with app.app_context():
            convener = seed(args.submissions, args.tags, random.Random(args.seed))
            convener_id = convener.get_id()
        print(f"seeded {args.submissions:,} submissions and {args.tags:,} tags in {time.perf_counter() - started:.1f} s")
        staff = app.test_client()
        with staff.session_transaction() as session:
            session["_user_id"], session["_fresh"] = convener_id, True
        public = app.test_client()
        base = "/rounds/bench-global/analysis/matrix"
        print(f"calibration loop: {calibration():.0f} ms CPU")
        print(f"{'page':<44} {'wall p50':>9} {'wall p95':>9} {'CPU p50':>8} {'CPU p95':>8}  (ms)")
        for label, client, url in [
            ("matrix, convener (all input)", staff, base),
            ("matrix, public (public input only)", public, base),
            ("matrix, convener, ?country=PH", staff, base + "?country=PH"),
            ("matrix, public, ?level=local", public, base + "?level=local"),
            ("CSV export, public", public, base + ".csv"),
            ("a cell's passages, public (page 1 of 50)", public, base + "/passages?theme=1&group=civil_society"),
        ]:
            figures = measure(client, url, args.repeat)
            print(f"{label:<44} " + " ".join(f"{f:8.1f}" for f in figures))


if __name__ == "__main__":
    main()
