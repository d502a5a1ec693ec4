"""Freshness: how long after a publication the public can find it, per engine.

    .venv/bin/python bench/freshness.py [--engine whoosh,tantivy] [--base 2000] [--count 40] [--rate 1]

For each engine: a fresh SQLite database with ``--base`` public submissions (as
``pages_bench.populate``), its index built by ``search reindex``, then the processes
``make run`` starts: gunicorn (2 workers) and ``search watch`` (every 2 s). This script
publishes ``--count`` submissions at ``--rate`` a second, each with a word of its own (as a
moderator's decision would, through the submission services, in another process than the web
server), while a client asks ``/api/v1/search`` for every word not found yet, every 100 ms. It
prints the delay from publish (commit) to found: p50 / p95 / max. Target: p95 <= 5 s.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pages_bench  # noqa: E402
from search_corpus import CORPUS  # noqa: E402

pages_bench.CORPUS = CORPUS


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def publish_one(app, word: str) -> None:
    from sqlalchemy import select

    from consult import db
    from consult.organisations.models import Organisation
    from consult.rounds.models import Round
    from consult.submissions import services
    from consult.submissions.states import Action

    with app.app_context():
        round_ = db.session.scalar(select(Round).where(Round.slug == "bench-0"))
        org = db.session.scalar(select(Organisation).limit(1))
        submission = services.create_draft(round_, org, actor=None, language="en")
        services.save_content(submission, actor=None, answers={q.id: f"Fresh input about {word}." for q in round_.questions},
                              title=f"Freshness probe {word}", summary="Measuring how soon input is found.")
        services.transition(submission, Action.SUBMIT, actor=None)
        services.transition(submission, Action.PUBLISH, actor=None)
        db.session.commit()


def run(engine: str, base: int, count: int, rate: float) -> list[float]:
    from consult import create_app

    work = Path(tempfile.mkdtemp(prefix=f"freshness-{engine}-"))
    url = f"sqlite:///{work / 'bench.db'}"
    pages_bench.populate(url, base)
    env = dict(os.environ, CONSULT_DATABASE_URL=url, CONSULT_SEARCH_INDEX_DIR=str(work / "index"),
               CONSULT_UPLOAD_DIR=str(work / "uploads"), CONSULT_ENV="development", CONSULT_SEARCH_BACKEND=engine,
               CONSULT_RATELIMIT_ENABLED="0", CONSULT_INSTANCE_DIR=str(work / "instance"), PYTHONPATH=str(ROOT))
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "search", "reindex"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = pages_bench.free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watcher = subprocess.Popen([*flask, "search", "watch"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = create_app({"DATABASE_URL": url, "SEARCH_INDEX_DIR": str(work / "index"), "SEARCH_BACKEND": engine,
                      "SEARCH_DRAIN_AFTER_REQUEST": False})
    published: dict[str, float] = {}
    delays: list[float] = []
    lock = threading.Lock()
    done = threading.Event()

    def poll() -> None:
        while not done.is_set() or published:
            with lock:
                waiting = list(published.items())
            for word, at in waiting:
                answer = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/search?q={word}", timeout=10).read())
                if answer["total"]:
                    with lock:
                        delays.append(time.monotonic() - at)
                        del published[word]
            time.sleep(0.1)

    try:
        wait_for(f"http://127.0.0.1:{port}/search")
        poller = threading.Thread(target=poll)
        poller.start()
        for _ in range(count):
            word = "probe" + secrets.token_hex(4)
            publish_one(app, word)
            with lock:
                published[word] = time.monotonic()
            time.sleep(1 / rate)
        done.set()
        poller.join(timeout=120)
    finally:
        for proc in (watcher, server):
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="whoosh,tantivy")
    parser.add_argument("--base", type=int, default=2000)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--rate", type=float, default=1.0, help="publications a second")
    args = parser.parse_args()
    for engine in [e.strip() for e in args.engine.split(",") if e.strip()]:
        delays = sorted(run(engine, args.base, args.count, args.rate))
        if not delays:
            print(f"{engine}: nothing found")
            continue
        p95 = delays[min(len(delays) - 1, round(0.95 * (len(delays) - 1)))]
        print(f"{engine}: {len(delays)} of {args.count} found; publish to found p50 {statistics.median(delays):.2f} s, "
              f"p95 {p95:.2f} s, max {delays[-1]:.2f} s (load average {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()
