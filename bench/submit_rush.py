"""The night before the deadline: many organisations send their input at once.

Starts gunicorn (4 workers) on a free port against a fresh database (SQLite in WAL mode,
and PostgreSQL when one answers on 127.0.0.1:5432), creates one organisation and member
per submitter, warms the workers up with a few untimed submissions (a server on the night
before the deadline has been running for hours), then every submitter logs in (not timed),
waits at a barrier and sends its input with a 20-page position paper (PDF, ``--pages``)
the way a person does it in a browser: open the round's start page, start, open the form,
send, read the receipt. Before each click the submitter pauses for a random time between 0
and twice ``--think`` seconds (reading the page, pasting the text, choosing the file). Real
people take minutes over the form, so the default of 1 s (pauses of 0 to 2 s) is far
harsher than a real rush. ``--think 0`` is the stampede: all submitters click at once and
without pause, which measures the server's ceiling rather than what a person waits. It
prints throughput and p50/p95 latency, then checks that every acknowledged reference is in
the database, submitted, with one version and the attachment's sha256 matching the file.

``--kill`` SIGKILLs the server in the middle of the rush, restarts it, and checks that every
submission acknowledged before the kill is whole (and that SQLite passes integrity_check);
it also lists the files the kill left without a row (``submissions orphaned-files``).

    .venv/bin/python bench/submit_rush.py --submitters 200
    .venv/bin/python bench/submit_rush.py --submitters 200 --kill
    .venv/bin/python bench/submit_rush.py --submitters 200 --think 0   # the stampede
    .venv/bin/python bench/submit_rush.py --database sqlite   # or postgresql, or both (default)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from rush_server import (PASSWORD, PG_ADMIN, Client, free_port, hidden, postgres_reachable, seed,  # noqa: E402
                         server_env, start_server, verify)
from tests.submissions.documents import paper  # noqa: E402


# Logging in is argon2 at 64 MiB on purpose: done a few at a time before the rush, not timed.
LOGIN_GATE = threading.Semaphore(4)


CORPUS = ROOT.parent / "shared" / "corpus" / "public-comments.jsonl"


def corpus_words() -> list[str]:
    """Words of real public comments, for position papers that read like one."""
    if not CORPUS.exists():
        return ("Recruitment fees push migrant workers into debt and must be paid by employers. " * 50).split()
    with CORPUS.open(encoding="utf-8") as f:
        return [w for line in f.readlines()[:300] for w in json.loads(line)["text"].split()]


def position_paper(i: int, pages: int, words: list[str]) -> bytes:
    """``pages`` pages of 50 lines of 12 words, different for every submitter."""
    start = (i * 997) % len(words)
    flow = (words[start:] + words[:start]) * (1 + pages * 600 // len(words))
    lines = [f"Submitter {i}:"] + [" ".join(flow[k:k + 12]) for k in range(0, pages * 600, 12)]
    return paper([lines[k:k + 50] for k in range(0, len(lines), 50)][:pages])


def submitter(i: int, port: int, barrier: threading.Barrier, results: list, lock: threading.Lock,
              think: float, attachment: bytes) -> None:
    client = Client(port)
    record = {"i": i, "latencies": [], "reference": None, "sha256": None, "error": None, "think": think,
              "attachment": attachment}
    try:
        with LOGIN_GATE:
            _, _, page = client.request("GET", "/login")
            status, _, _ = client.form("/login", {"csrf_token": hidden(page, "csrf_token"),
                                                  "email": f"s{i}@rush.example", "password": PASSWORD})
            if status != 302:
                raise RuntimeError(f"login answered {status}")
    except Exception as exc:  # noqa: BLE001 - reported below
        record["error"] = f"login: {exc}"
    try:
        barrier.wait(timeout=600)
    except threading.BrokenBarrierError:
        pass
    if record["error"] is None:
        try:
            _send(client, i, record)
        except Exception as exc:  # noqa: BLE001 - a refused or dropped request is counted, not fatal
            record["error"] = repr(exc)
    with lock:
        results.append(record)


SEND = 3  # the fourth timed request: start page, start, form, send, receipt


def _timed(record, call, *args):
    if record["think"]:
        time.sleep(random.uniform(0, 2 * record["think"]))
    started = time.perf_counter()
    result = call(*args)
    record["latencies"].append(time.perf_counter() - started)
    return result


def _send(client: Client, i: int, record: dict) -> None:
    _, _, page = _timed(record, client.request, "GET", "/rounds/rush/start")
    status, headers, _ = _timed(record, client.form, "/rounds/rush/start", {
        "csrf_token": hidden(page, "csrf_token"), "organisation_id": str(i + 1), "form_token": secrets.token_hex(16)})
    if status != 303:
        raise RuntimeError(f"start answered {status}")
    edit = headers["Location"].replace("http://127.0.0.1:%d" % client.port, "")
    _, _, page = _timed(record, client.request, "GET", edit)
    answers = {m: f"Submitter {i} says recruitment fees must end. " * 20 for m in re.findall(r'name="(answer_\d+)"', page)}
    attachment = record["attachment"]
    status, headers, body = _timed(record, client.multipart, edit, {
        "csrf_token": hidden(page, "csrf_token"), "lock_version": hidden(page, "lock_version"),
        "title": f"Input {i}", "summary": "Fees push workers into debt.", "language": "en",
        "consent": "named", "action": "send", **answers}, {"attachments": (f"paper-{i}.pdf", attachment)})
    if status != 303 or not headers["Location"].endswith("/receipt"):
        raise RuntimeError(f"send answered {status}")
    reference = headers["Location"].rstrip("/").split("/")[-2]
    record["reference"] = reference  # acknowledged: the server answered the send
    record["sha256"] = hashlib.sha256(attachment).hexdigest()
    status, _, page = _timed(record, client.request, "GET", f"/my/submissions/{reference}/receipt")
    if status != 200 or reference not in page:
        raise RuntimeError(f"receipt answered {status}")


def warm_up(port: int, first: int, papers: list[bytes]) -> list[dict]:
    """Untimed submissions that let every worker load its templates and queries once."""
    results: list[dict] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(papers))
    threads = [threading.Thread(target=submitter, args=(first + k, port, barrier, results, lock, 0.0, paper_))
               for k, paper_ in enumerate(papers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    if any(r["error"] for r in results):
        raise RuntimeError(f"warm-up failed: {[r['error'] for r in results if r['error']]}")
    return results


def rush(kind: str, args: argparse.Namespace) -> bool:
    n, workers, kill, think, warm = args.submitters, args.workers, args.kill, args.think, args.warm_up
    words = corpus_words()
    papers = [position_paper(i, args.pages, words) for i in range(n + warm)]
    workdir = Path(tempfile.mkdtemp(prefix="rush-"))
    upload_dir = str(workdir / "uploads")
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'rush.db'}"
    else:
        name = f"consult_rush_{os.getpid()}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    env = server_env(url, upload_dir)
    seed(env, n + warm)
    port = free_port()
    server = start_server(env, port, workers)
    warmed = warm_up(port, n, papers[n:]) if warm else []
    barrier = threading.Barrier(n + 1)
    results: list[dict] = []
    lock = threading.Lock()
    threads = [threading.Thread(target=submitter, args=(i, port, barrier, results, lock, think, papers[i]),
                                daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    barrier.wait(timeout=600)
    started = time.perf_counter()
    killed_at = None
    if kill:
        while time.perf_counter() - started < 30:
            with lock:
                done = sum(1 for r in results if r["reference"])
            if done >= n // 3:
                break
            time.sleep(0.01)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        killed_at = time.perf_counter() - started
    for t in threads:
        t.join(timeout=300)
    elapsed = time.perf_counter() - started
    if kill:
        server = start_server(env, port, workers)  # the restart: it must come up on what the crash left
    acknowledged = [r for r in results if r["reference"]]
    errors = [r for r in results if r["error"]]
    latencies = sorted(x for r in results for x in r["latencies"])
    sends = sorted(r["latencies"][SEND] for r in acknowledged)
    pace = f"pausing 0-{2 * think:g} s before each click" if think else "no pause (stampede)"
    size = sum(map(len, papers)) // len(papers) // 1024
    print(f"\n== {kind}: {n} submitters {pace}, a {args.pages}-page PDF ({size} KB) each, gunicorn {workers} workers{', SIGKILL mid-rush' if kill else ''} ==")
    if killed_at is not None:
        print(f"killed after {killed_at:.2f}s; {n - len(acknowledged)} submitters had no answer to their send yet")
    print(f"acknowledged {len(acknowledged)}/{n} in {elapsed:.2f}s = {len(acknowledged) / elapsed:.1f} submissions/s "
          f"({len(latencies) / elapsed:.1f} requests/s)")
    if latencies:
        print(f"all requests: p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms")
    if sends:
        print(f"send (POST with attachment): p50 {statistics.median(sends) * 1000:.0f} ms, "
              f"p95 {sends[int(0.95 * (len(sends) - 1))] * 1000:.0f} ms")
    if errors and not kill:
        print("errors:", sorted({r['error'][:120] for r in errors})[:5])
    whole, problems = verify(url, upload_dir, acknowledged + warmed)
    print(f"verified whole: {whole}/{len(acknowledged) + len(warmed)} (with {len(warmed)} warm-up); lost or damaged: {len(problems)}")
    for p in problems[:10]:
        print("  ", p)
    ok = not problems and (kill or not errors)
    if kill:  # files written for sends the kill cut off before their commit
        swept = subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "submissions", "orphaned-files",
                                "--min-age", "0"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        print("submissions orphaned-files:", swept.stdout.strip().splitlines()[-1])
    if kind == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        print(f"PRAGMA integrity_check: {check}")
        ok = ok and check == "ok"
    os.killpg(server.pid, signal.SIGTERM)
    server.wait()
    if kind == "postgresql":
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submitters", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kill", action="store_true", help="SIGKILL the server mid-rush, restart, verify")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause in seconds before each click (0: all at once, no pause)")
    parser.add_argument("--pages", type=int, default=20, help="pages of each submitter's position paper (PDF)")
    parser.add_argument("--warm-up", type=int, default=8, help="untimed submissions before the rush")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    if "postgresql" in kinds and not postgres_reachable():
        print("PostgreSQL not reachable on 127.0.0.1:5432: SQLite only")
        kinds.remove("postgresql")
    ok = all([rush(kind, args) for kind in kinds])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
