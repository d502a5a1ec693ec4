"""Speed of the public pages under gunicorn, next to a bare Flask "hello" endpoint.

    .venv/bin/python bench/pages_bench.py [--submissions 10000] [--workers 2] [--duration 10]

Builds a database of N public submissions (SQLite in WAL mode by default, or
--database-url postgresql+psycopg://...), serves bench/pages_app.py with gunicorn as in
production, and measures each page with wrk (Debian package ``wrk``): requests/s and p50 /
p95 latency. Target: every public page at >= 40% of the bare endpoint's requests/s.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "public-comments.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sentences() -> list[str]:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    found = [s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if 20 < len(s.strip()) < 400]
    return found or ["Migration and development are linked in many ways."]


def populate(database_url: str, count: int, seed: int = 7) -> dict:
    """Write rounds, organisations and ``count`` public submissions straight into the tables."""
    from sqlalchemy import select

    from consult import create_app, db, migrate
    from consult.db import utcnow
    from consult.organisations.models import Organisation, StakeholderGroup
    from consult.rounds.models import Level, Question, Round, RoundSession, RoundStatus
    from consult.submissions.models import Answer, Consent, Submission
    from consult.submissions.states import State

    rng = random.Random(seed)
    pool = sentences()
    app = create_app({"DATABASE_URL": database_url})
    migrate.upgrade(app)
    now = utcnow()
    with app.app_context():
        rounds = []
        for i, level in enumerate([Level.GLOBAL, Level.REGIONAL, Level.NATIONAL, Level.NATIONAL]):
            round_ = Round(slug=f"bench-{i}", title=f"Bench round {i}", summary="Benchmark round", background="Text",
                           level=level, opens_at=now - timedelta(days=90), closes_at=now + timedelta(days=30),
                           timezone="UTC", languages=["en", "fr", "es"], status=RoundStatus.PUBLISHED,
                           reference_prefix=f"B{i}")
            round_.sessions = [RoundSession(key=f"s{j}", title=f"Session {j}", position=j) for j in range(1, 8)]
            round_.questions = [Question(key=f"q{j}", position=j, text=f"Question {j}?", word_limit=600) for j in range(1, 5)]
            db.session.add(round_)
            rounds.append(round_)
        groups = list(StakeholderGroup)
        orgs = [Organisation(name=f"Organisation {i}", stakeholder_group=groups[min(int(rng.expovariate(0.5)), 8)],
                             country=rng.choice(["PH", "NP", "SN", "MX", "KE", "FR", "ES", "DE", "MA", "LK"]))
                for i in range(600)]
        db.session.add_all(orgs)
        db.session.flush()
        weights = [60, 25, 10, 5]
        for n in range(1, count + 1):
            round_ = rng.choices(rounds, weights)[0]
            published = now - timedelta(minutes=rng.randint(1, 80_000))
            submission = Submission(
                reference=f"{round_.reference_prefix}-2026-{n:05d}", round=round_, organisation=rng.choice(orgs),
                state=State.PUBLISHED, title=" ".join(rng.choice(pool).split()[:9]), summary=rng.choice(pool),
                language="en", consent=rng.choice([Consent.NAMED] * 4 + [Consent.ANONYMOUS]),
                submitted_at=published - timedelta(hours=5), published_at=published,
            )
            submission.sessions = rng.sample(round_.sessions, rng.randint(1, 2))
            submission.answers = [Answer(question=q, text=" ".join(rng.choices(pool, k=rng.randint(1, 6))))
                                  for q in round_.questions]
            db.session.add(submission)
            if n % 1000 == 0:
                db.session.commit()
                print(f"  {n} submissions", flush=True)
        db.session.commit()
        sample = db.session.scalar(select(Submission.reference).where(Submission.round_id == rounds[0].id))
    app.extensions["db_engine"].dispose()
    return {"round": "bench-0", "reference": sample}


def wrk(url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(ROOT / "bench" / "p95.lua"), url],
        capture_output=True, text=True, check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    return {k: float(v) for k, v in (part.split("=") for part in line.split()[1:])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", help="PostgreSQL URL of an EMPTY database (default: a fresh SQLite file)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="consult-pages-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    env = dict(os.environ, CONSULT_DATABASE_URL=database_url, CONSULT_SEARCH_INDEX_DIR=str(workdir / "index"),
               CONSULT_UPLOAD_DIR=str(workdir / "uploads"), CONSULT_ENV="development")
    print(f"Building {args.submissions} public submissions in {database_url} ...", flush=True)
    started = time.perf_counter()
    targets = populate(database_url, args.submissions)
    print(f"  done in {time.perf_counter() - started:.0f} s")
    flask = [sys.executable, "-m", "flask", "--app", "bench.pages_app"]
    if subprocess.run(flask + ["search", "--help"], cwd=ROOT, env=env, capture_output=True).returncode == 0:
        print("Building the search index ...", flush=True)
        subprocess.run(flask + ["search", "reindex"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "bench.pages_app:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/_bench/hello", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        pages = {
            "bare hello": "/_bench/hello",
            "home": "/",
            "round page": f"/rounds/{targets['round']}",
            "submission page": f"/submissions/{targets['reference']}",
            "search page": "/search?q=migration",
            "rounds index": "/rounds",
        }
        results = {}
        for name, path in pages.items():
            status = urllib.request.urlopen(base + path, timeout=30).status if _exists(base + path) else None
            if status != 200:
                print(f"{name:16} {path}: not available (status {status}), skipped")
                continue
            results[name] = wrk(base + path, args.duration, args.connections)
        hello = results["bare hello"]["rps"]
        print(f"\n{args.submissions} public submissions, gunicorn {args.workers} workers, wrk {args.connections} "
              f"connections x {args.duration} s, {os.cpu_count()} cores\n")
        print(f"{'page':16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs hello':>9}  errors")
        for name, r in results.items():
            ratio = r["rps"] / hello
            flag = "" if name == "bare hello" else ("  ok" if ratio >= 0.40 else "  BELOW 40% target")
            print(f"{name:16} {r['rps']:8.0f} {r['p50']:8.1f} {r['p95']:8.1f} {ratio:8.0%}  {int(r['errors'] + r['non2xx'])}{flag}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def _exists(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=30).status == 200
    except OSError:
        return False


if __name__ == "__main__":
    main()
