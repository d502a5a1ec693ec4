"""`search reindex` from the database, per engine: submissions/s of a full rebuild.

    .venv/bin/python bench/reindex_bench.py [--submissions 20000] [--engine whoosh,tantivy] [--procs 2]

Fills a fresh SQLite database with N public submissions (``pages_bench.populate``: real
comment sentences, four answers, sessions), then times ``indexer.reindex`` for each engine
as the CLI runs it, and splits the time between reading the database (loading rows and
building each document, redactions applied) and the engine's own writing.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pages_bench  # noqa: E402
from pages_bench import populate  # noqa: E402
from search_corpus import CORPUS  # noqa: E402  (finds the shared corpus from a worktree too)

pages_bench.CORPUS = CORPUS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--engine", default="whoosh,tantivy")
    parser.add_argument("--procs", type=int, default=2)
    args = parser.parse_args()
    from consult import create_app
    from consult.search import engine as engines
    from consult.search import indexer

    work = Path(tempfile.mkdtemp(prefix="reindex-bench-"))
    url = f"sqlite:///{work / 'bench.db'}"
    started = time.perf_counter()
    populate(url, args.submissions)
    print(f"{args.submissions:,} public submissions written in {time.perf_counter() - started:.0f} s")
    for name in [n.strip() for n in args.engine.split(",") if n.strip()]:
        app = create_app({"DATABASE_URL": url, "SEARCH_INDEX_DIR": str(work / "index"), "SEARCH_BACKEND": name})
        engine = engines.get(name)
        writing = {"s": 0.0}
        real_writer = engine.writer

        def timed_writer(*a, _real=real_writer, **k):
            w = _real(*a, **k)
            for method in ("add", "commit"):
                def timed(*args, _m=getattr(w, method)):
                    t0 = time.perf_counter()
                    _m(*args)
                    writing["s"] += time.perf_counter() - t0
                setattr(w, method, timed)
            return w

        engine.writer = timed_writer
        with app.app_context():
            count, seconds = indexer.reindex(app.config["SEARCH_INDEX_DIR"], procs=args.procs, engine=name)
        engine.writer = real_writer
        print(f"{name}: {count:,} submissions in {seconds:.1f} s = {count / seconds:,.0f} submissions/s "
              f"(engine writing {writing['s']:.1f} s, database and documents {seconds - writing['s']:.1f} s)")


if __name__ == "__main__":
    main()
