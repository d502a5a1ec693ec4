"""How fast the register of recommendations answers as it grows.

Builds a throwaway SQLite database with ROUNDS concluded rounds of PER_ROUND
recommendations each (every one supported by two published submissions and with one
follow-up update), then times the register page, a filtered page and the exports.

    .venv/bin/python bench/outcomes_register.py --rounds 40 --per-round 25
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere, without installing

from consult import create_app, db, migrate
from consult.db import utcnow
from consult.organisations.models import Organisation, StakeholderGroup
from consult.outcomes import services
from consult.outcomes.states import Addressee, RecommendationStatus
from consult.rounds.models import Level, Round, RoundSession, RoundStatus
from consult.submissions import services as submission_services
from consult.submissions.states import Action


def seed(rounds: int, per_round: int) -> None:
    now = utcnow()
    org = Organisation(name="Bench Org", stakeholder_group=StakeholderGroup.CIVIL_SOCIETY, country="PH")
    db.session.add(org)
    levels = list(Level)
    for n in range(rounds):
        round_ = Round(slug=f"bench-{n}", title=f"Bench round {n}", level=levels[n % 4], status=RoundStatus.PUBLISHED,
                       opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1), reference_prefix=f"B{n}",
                       sessions=[RoundSession(key="s1", title="Recruitment and decent work", position=1)])
        db.session.add(round_)
        db.session.flush()
        submissions = []
        for _ in range(2):
            submission = submission_services.create_draft(round_, org, actor=None, title="Fees and debt")
            submission.summary = "x"
            for action in (Action.SUBMIT, Action.PUBLISH):
                submission_services.transition(submission, action, actor=None, reason="bench")
            submissions.append(submission)
        outcome = services.outcome_for(round_, actor=None)
        for i in range(per_round):
            recommendation = services.add_recommendation(
                outcome, actor=None, text=f"Recommendation {i} of round {n}.", addressee=list(Addressee)[i % 4],
                session=round_.sessions[0], submissions=submissions)
        services.publish_outcome(outcome, actor=None)
        for recommendation in outcome.recommendations[::2]:
            services.post_update(recommendation, actor=None, status=RecommendationStatus.ACCEPTED, text="ok")
        db.session.commit()


def timed(client, url: str, repeat: int) -> float:
    client.get(url)  # warm up
    start = time.perf_counter()
    for _ in range(repeat):
        assert client.get(url).status_code == 200, url
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--per-round", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}", "UPLOAD_DIR": tmp,
                          "MAIL_DELIVER_AFTER_REQUEST": False})
        migrate.upgrade(app)
        with app.test_request_context():
            seed(args.rounds, args.per_round)
        client = app.test_client()
        total = args.rounds * args.per_round
        print(f"{total} recommendations in {args.rounds} rounds")
        for label, url in [
            ("register, page 1", "/recommendations"),
            ("register, page 20", "/recommendations?page=20"),
            ("register, filtered", "/recommendations?status=accepted&level=national&theme=recruitment"),
            ("export JSON (all)", "/recommendations/export.json"),
            ("export CSV (all)", "/recommendations/export.csv"),
            ("one round's outcome", "/rounds/bench-0/outcome"),
        ]:
            print(f"{label:24} {timed(client, url, args.repeat):8.1f} ms")


if __name__ == "__main__":
    main()
