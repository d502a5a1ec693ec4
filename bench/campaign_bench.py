"""Campaign recognition at scale: a round with 100,000 letters.

    .venv/bin/python bench/campaign_bench.py [--letters 100000] [--new 500] [--database-url URL]

Builds the letters from the real corpus as ``campaign_set.py`` does (its 30 templates' copies
with their edits, sized heavy-tailed so that the largest campaign has about a quarter of the
round, plus every real comment of the corpus), stores them unrecognised, then:

1. runs ``flask --app wsgi campaigns rebuild --round bench`` in a child process, and prints
   its wall time and peak memory (maximum resident set size);
2. sends ``--new`` more letters one at a time through recognition on arrival (the service
   the form and the importer call, then a commit, as a request does) and prints p50/p95.

Targets: rebuild <= 60 s; p95 of one letter <= 20 ms.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import campaign_harness as harness  # noqa: E402
import campaign_set  # noqa: E402

from consult import db  # noqa: E402
from consult.campaigns import letter_text  # noqa: E402
from consult.campaigns.models import Campaign  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def letters(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    corpus = campaign_set.load_corpus()
    texts = [row["text"] for row in corpus]
    labels = campaign_set.reference_groups(texts)
    firsts = sorted({label: i for i, label in reversed(list(enumerate(labels)))}.values())
    templates = [i for i in firsts if len(letter_text.words(letter_text.body(texts[i]))) >= 40][:30]
    personal = [s for t in texts for s in campaign_set.sentences(t) if 6 <= len(s.split()) <= 30]
    room = n - len(texts)
    sizes = campaign_set.campaign_sizes(len(templates), rng, largest=1000)
    sizes = [max(2, round(size * room / sum(sizes))) for size in sizes]
    out = list(texts)
    for i, size in zip(templates, sizes):
        out += [campaign_set.copy_of(texts[i], rng, personal) for _ in range(size)]
    out = out[:n]
    rng.shuffle(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=500, help="letters recognised one by one afterwards")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    started = time.perf_counter()
    texts = letters(args.letters + args.new)
    app = harness.make_app(args.database_url)
    url = app.config["DATABASE_URL"]
    with app.app_context():
        round_ = harness.make_round("bench")
        harness.add_letters(round_, texts[:args.letters])
        db.session.commit()
    print(f"{args.letters:,} letters stored in {time.perf_counter() - started:.0f} s ({url})")

    env = {**os.environ, "CONSULT_DATABASE_URL": url, "CONSULT_ENV": "development",
           "CONSULT_INSTANCE_DIR": str(Path(url.removeprefix("sqlite:///")).parent) if url.startswith("sqlite") else
           os.environ.get("CONSULT_INSTANCE_DIR", str(ROOT / "instance"))}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "campaigns", "rebuild", "--round", "bench"],
                   cwd=ROOT, env=env, check=True, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"campaigns rebuild: {elapsed:.1f} s wall, {child.ru_utime + child.ru_stime:.1f} s CPU, "
          f"peak memory (max RSS of the command) {child.ru_maxrss / 1024:.0f} MB (target <= 60 s); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    with app.app_context():
        round_ = db.session.scalar(select(harness.Round).where(harness.Round.slug == "bench"))
        ids = harness.add_letters(round_, texts[args.letters:], start=args.letters)
        db.session.commit()
        times, cpu = [], []
        for submission_id in ids:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            harness.recognise_one(submission_id)
            db.session.commit()
            times.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
        campaigns = db.session.scalar(select(func.count()).select_from(Campaign).where(Campaign.round_id == round_.id))
        in_campaigns = len(harness.assignment(round_.id))
    times.sort()
    cpu.sort()
    print(f"one new letter with {args.letters:,} in the round: p50 {statistics.median(times):.1f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms wall (target p95 <= 20 ms); "
          f"CPU p50 {statistics.median(cpu):.1f} ms, p95 {cpu[int(len(cpu) * 0.95)]:.1f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"round now: {campaigns} campaigns, {in_campaigns:,} letters in them")


if __name__ == "__main__":
    main()
