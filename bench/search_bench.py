"""Search benchmark: Consult's engines (Whoosh, tantivy) against SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search_bench.py [--docs 100000] [--runs 5] [--engine whoosh,tantivy] [--no-postgres]

Builds N synthetic submissions by sampling sentences from the real public comments in
../shared/corpus/public-comments.jsonl (each submission copies the sentence count of a
random real comment, so the length distribution is the real one), with French and Spanish
input written for this benchmark and migration sentences ("migration" matches about a fifth
of the corpus; "health" and "science", from the real comments, about 60 %); facet values are skewed (Zipf). Prints docs/s, index size, the
memory of a separate searcher process, and p50/p95 latency per query class for the full
first page (top 20 + facet counts + highlighted snippets from stored text), with ratios,
for each engine through the same interface the web workers use.
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


# --- the engines ------------------------------------------------------------------------

def build_engine(name: str, index_dir: Path, n: int, procs: int) -> float:
    """Index the corpus through the engine interface, as `search reindex` writes it."""
    from consult.search import engine as engines
    from consult.search import index

    engine = engines.get(name)
    base = index.engine_dir(index_dir, name)
    gen = index.new_generation(base, engine)
    index.write_position(gen, {"last_id": 0, "gaps": {}})
    w = engine.writer(gen, bulk=True, procs=procs)
    started = time.monotonic()
    for i, lang, title, body, f in generate(n):
        w.add(index.document(
            submission_id=i, title=title, texts=[body], organisation=f"Organisation {i % 3000}" if i % 3 else None,
            round_id=f["round"], group=f["group"], country=f["country"], language=lang,
            session_ids=f["sessions"], published_ts=f["ts"], year=f["year"]))
        if i % 5000 == 0:
            rate = i / (time.monotonic() - started)
            print(f"\r  {name}: {i}/{n} ({rate:,.0f} docs/s)", end="", flush=True)
    w.commit()
    index.swap_in(base, gen)
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


def engine_worker(name: str, index_dir: str, db_path: str, runs: int, conn) -> None:
    """A fresh process, like a web worker: open lazily, query, report latency and memory."""
    from flask import Flask

    from consult.search import query_parser, searcher

    app = Flask("bench")
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    from flask_babel import Babel

    Babel(app)
    texts = sqlite3.connect(db_path)
    before = rss()
    worker = searcher.for_worker(index_dir, name)
    opened = time.monotonic()
    worker.doc_count()
    open_ms = (time.monotonic() - opened) * 1000
    timings: dict[str, dict[str, list[float]]] = {}
    with app.test_request_context("/"):
        for cached in (False, True):
            for _ in range(runs):
                for category, q, filters in QUERIES:
                    if not cached:
                        worker.forget_counts()
                    t0 = time.perf_counter()
                    query = query_parser.parse(q)  # as consult.search.queries.run does
                    outcome = worker.search(q, filters=filters, page=1, per_page=20, sort="relevance")
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
            if cached or name != "whoosh":
                break  # only Whoosh caches counts
        totals = [worker.search(q, filters=f, page=1, per_page=20, sort="relevance").total for _c, q, f in QUERIES]
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
    parser.add_argument("--engine", default="whoosh", help="engines to measure, separated by commas: whoosh,tantivy")
    parser.add_argument("--procs", type=int, default=2, help="writer processes (Whoosh) or threads (tantivy), as search reindex")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", help="build in this directory and keep it")
    parser.add_argument("--reuse", action="store_true", help="with --keep: query the indexes built by an earlier run")
    args = parser.parse_args()
    names = [name.strip() for name in args.engine.split(",") if name.strip()]
    work = Path(args.keep or tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    pg_done = work / "postgres.json"
    index_dir, db_path = work / "index", str(work / "fts.db")
    n = args.docs
    print(f"Corpus: {n:,} submissions sampled from {CORPUS.name}; work dir {work}")
    built = work / "build.json"
    figures = json.loads(built.read_text()) if args.reuse and built.exists() else {}
    if "sqlite_s" not in figures:
        Path(db_path).unlink(missing_ok=True)
        figures["sqlite_s"] = build_sqlite(db_path, n)
    for name in names:
        if f"{name}_s" not in figures:
            from consult.search import index

            shutil.rmtree(index.engine_dir(index_dir, name) / "current", ignore_errors=True)
            figures[f"{name}_s"] = build_engine(name, index_dir, n, args.procs)
        built.write_text(json.dumps(figures))
    print(f"Index build: SQLite FTS5 {n / figures['sqlite_s']:,.0f} docs/s; " + "; ".join(
        f"{name} {n / figures[f'{name}_s']:,.0f} docs/s ({figures[f'{name}_s']:.0f} s, procs={args.procs})" for name in names))
    from consult.search import index

    sizes = {name: dir_size(index.current_dir(index.engine_dir(index_dir, name))) for name in names}
    print("Index size: " + "; ".join(f"{name} {size / 2**20:,.0f} MB" for name, size in sizes.items())
          + f"; SQLite (text + FTS5) {os.path.getsize(db_path) / 2**20:,.0f} MB")
    print(f"Load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)

    baselines = {"SQLite FTS5": summary(sqlite_queries(db_path, args.runs))}
    if not args.no_postgres:
        pg = postgres_bench(n, args.runs, args.postgres_url, pg_done, args.reuse)
        if pg:
            print(f"PostgreSQL build (copy + tsvector + GIN): {n / pg[0]:,.0f} docs/s")
            baselines["PostgreSQL FTS"] = summary(pg[1])

    for name in names:
        parent, child = mp.Pipe()
        proc = mp.get_context("spawn").Process(target=engine_worker, args=(name, str(index_dir), db_path, args.runs, child))
        proc.start()
        result = parent.recv()
        proc.join()
        print(f"\n== {name} ==")
        print(f"Searcher process: open {result['open_ms']:.1f} ms; RSS before open {result['rss_before']['VmRSS']:.0f} MB, "
              f"after the query mix {result['rss_after']['VmRSS']:.0f} MB (anonymous {result['rss_after']['RssAnon']:.0f} MB, "
              f"file-backed/shared {result['rss_after']['RssFile']:.0f} MB, peak {result['rss_after']['VmHWM']:.0f} MB)")
        print("Matches per query: " + ", ".join(f"{q!r}{'+' + str(f) if f else ''}={total:,}"
                                                for (_c, q, f), total in zip(QUERIES, result['totals'])))
        for label, timings in result["timings"].items():
            rows = summary(timings)
            print(f"\n{name} full first page, {label}: p50 / p95 ms" + "".join(f" | {b} p50 / p95 (ratio)" for b in baselines))
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
