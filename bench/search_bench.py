"""Search benchmark: Whoosh as Consult configures it, against SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search_bench.py [--docs 100000] [--runs 5] [--no-postgres]

Builds N synthetic submissions by sampling sentences from the real public comments in
../shared/corpus/public-comments.jsonl (each submission copies the sentence count of a
random real comment, so the length distribution is the real one), with French and Spanish
input written for this benchmark and migration sentences ("migration" matches about a fifth
of the corpus; "health" and "science", from the real comments, about 60 %); facet values are skewed (Zipf). Prints docs/s, index size, the
memory of a separate searcher process, and p50/p95 latency per query class for the full
first page (top 20 + facet counts + highlighted snippets from stored text), with ratios.
No assertion: figures to read, not a test.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from search_corpus import CORPUS, QUERIES, generate  # noqa: E402  (bench/ is the script's folder)
from search_baselines import build_sqlite, postgres_bench, sqlite_queries  # noqa: E402


# --- Whoosh ---------------------------------------------------------------------------

def build_whoosh(index_dir: Path, n: int, procs: int) -> float:
    from consult.search import index

    gen = index.new_generation(index_dir)
    index.write_position(gen, {"last_id": 0, "gaps": {}})
    index.swap_in(index_dir, gen)
    from whoosh import index as wi

    ix = wi.open_dir(str(gen))
    w = index.writer(ix, procs=procs, limitmb=256)
    started = time.monotonic()
    for i, lang, title, body, f in generate(n):
        w.add_document(**index.document(
            submission_id=i, title=title, texts=[body], organisation=f"Organisation {i % 3000}" if i % 3 else None,
            round_id=f["round"], group=f["group"], country=f["country"], language=lang,
            session_ids=f["sessions"], published_ts=f["ts"], year=f["year"]))
        if i % 5000 == 0:
            rate = i / (time.monotonic() - started)
            print(f"\r  whoosh: {i}/{n} ({rate:,.0f} docs/s)", end="", flush=True)
    index.commit(w, optimize=procs == 1, merge=procs == 1)
    print()
    return time.monotonic() - started


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def rss() -> dict:
    status = Path("/proc/self/status").read_text()
    out = {}
    for key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
        m = re.search(rf"^{key}:\s+(\d+) kB", status, re.M)
        out[key] = int(m.group(1)) / 1024 if m else 0.0
    return out


def whoosh_worker(index_dir: str, db_path: str, runs: int, conn) -> None:
    """A fresh process, like a web worker: open lazily, query, report latency and memory."""
    from flask import Flask

    from consult.search import query_parser, searcher

    app = Flask("bench")
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    from flask_babel import Babel

    Babel(app)
    texts = sqlite3.connect(db_path)
    before = rss()
    worker = searcher.for_worker(index_dir)
    opened = time.monotonic()
    worker.current()
    open_ms = (time.monotonic() - opened) * 1000
    timings: dict[str, dict[str, list[float]]] = {}
    with app.test_request_context("/"):
        for cached in (False, True):
            for _ in range(runs):
                for category, q, filters in QUERIES:
                    if not cached:
                        worker.count_cache.clear()
                    t0 = time.perf_counter()
                    query = query_parser.parse(q)  # as consult.search.queries.run does
                    count_query, _estimated = query_parser.counting_query(q)
                    outcome = worker.search(query, filters=filters, cache_key=repr(query), page=1, per_page=20,
                                            sort="relevance", count_query=count_query)
                    t_top = time.perf_counter()
                    terms, prefixes = query_parser.highlight_terms(query)
                    marks = "?," * len(outcome.ids)
                    rows = texts.execute(f"select id, lang, body from docs where id in ({marks[:-1]})", outcome.ids)
                    snippets = [query_parser.snippet(body, lang, terms, prefixes) for _id, lang, body in rows]
                    t_end = time.perf_counter()
                    key = "cached counts" if cached else "uncached"
                    timings.setdefault(key, {}).setdefault(category, []).append((t_end - t0) * 1000)
                    timings.setdefault(key + " (search+facets only)", {}).setdefault(category, []).append((t_top - t0) * 1000)
                    assert len(snippets) == len(outcome.ids)
            if cached:
                break
    totals = [worker.search(query_parser.parse(q), filters=f, cache_key=("total", q, repr(f)), page=1, per_page=20,
                            sort="relevance", count_query=query_parser.counting_query(q)[0]).total
              for _c, q, f in QUERIES]
    conn.send({"timings": timings, "rss_before": before, "rss_after": rss(), "open_ms": open_ms, "totals": totals})
    conn.close()


# --- report ---------------------------------------------------------------------------

def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(timings: dict[str, list[float]]) -> dict[str, tuple[float, float]]:
    rows = {cat: (statistics.median(v), pct(v, 95)) for cat, v in timings.items()}
    every = [x for v in timings.values() for x in v]
    rows["ALL"] = (statistics.median(every), pct(every, 95))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--procs", type=int, default=2, help="Whoosh writer processes (as search reindex)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", help="build in this directory and keep it")
    parser.add_argument("--reuse", action="store_true", help="with --keep: query the indexes built by an earlier run")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    pg_done = work / "postgres.json"
    index_dir, db_path = work / "index", str(work / "fts.db")
    n = args.docs
    print(f"Corpus: {n:,} submissions sampled from {CORPUS.name}; work dir {work}")
    built = work / "build.json"
    if args.reuse and built.exists():
        figures = json.loads(built.read_text())
        print("(reusing the indexes built earlier in this directory)")
    else:
        shutil.rmtree(index_dir, ignore_errors=True)
        Path(db_path).unlink(missing_ok=True)
        figures = {"whoosh_s": build_whoosh(index_dir, n, args.procs), "sqlite_s": build_sqlite(db_path, n)}
        built.write_text(json.dumps(figures))
    whoosh_s, sqlite_s = figures["whoosh_s"], figures["sqlite_s"]
    print(f"Index build: Whoosh {n / whoosh_s:,.0f} docs/s ({whoosh_s:.0f} s, procs={args.procs}); "
          f"SQLite FTS5 {n / sqlite_s:,.0f} docs/s")
    print(f"Index size: Whoosh {dir_size(index_dir) / 2**20:,.0f} MB; SQLite (text + FTS5) "
          f"{os.path.getsize(db_path) / 2**20:,.0f} MB")
    print(f"Load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)

    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=whoosh_worker, args=(str(index_dir), db_path, args.runs, child))
    proc.start()
    result = parent.recv()
    proc.join()
    print(f"Searcher process: open {result['open_ms']:.1f} ms; RSS before open {result['rss_before']['VmRSS']:.0f} MB, "
          f"after the query mix {result['rss_after']['VmRSS']:.0f} MB (anonymous {result['rss_after']['RssAnon']:.0f} MB, "
          f"file-backed/shared {result['rss_after']['RssFile']:.0f} MB, peak {result['rss_after']['VmHWM']:.0f} MB)")
    print("Matches per query: " + ", ".join(f"{q!r}{'+' + str(f) if f else ''}={total:,}" for (_c, q, f), total in zip(QUERIES, result['totals'])))

    baselines = {"SQLite FTS5": summary(sqlite_queries(db_path, args.runs))}
    if not args.no_postgres:
        pg = postgres_bench(n, args.runs, args.postgres_url, pg_done, args.reuse)
        if pg:
            print(f"PostgreSQL build (copy + tsvector + GIN): {n / pg[0]:,.0f} docs/s")
            baselines["PostgreSQL FTS"] = summary(pg[1])

    for label, timings in result["timings"].items():
        rows = summary(timings)
        print(f"\nWhoosh full first page, {label}: p50 / p95 ms" + "".join(f" | {b} p50 / p95 (ratio)" for b in baselines))
        for cat, (p50, p95) in rows.items():
            line = f"  {cat:<16} {p50:7.1f} / {p95:7.1f}"
            for b, brow in baselines.items():
                bp50, bp95 = brow.get(cat, (float('nan'), float('nan')))
                line += f" | {bp50:7.1f} / {bp95:7.1f} (x{p50 / bp50:.2f} / x{p95 / bp95:.2f})"
            print(line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
