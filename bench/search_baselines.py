"""The baselines of bench/search_bench.py: the same submissions and query mix in SQLite FTS5
and in PostgreSQL full-text search, each answering the full first page (top 20 with
snippets and the facet counts)."""
from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

from search_corpus import QUERIES, generate


# --- SQLite FTS5 ----------------------------------------------------------------------

def build_sqlite(path: str, n: int) -> float:
    db = sqlite3.connect(path)
    db.executescript("""
        pragma journal_mode=off; pragma synchronous=off;
        create table docs(id integer primary key, lang text, title text, body text, round int, grp text,
                          country text, year int, ts int, sessions text);
        create virtual table fts using fts5(title, body, content='docs', content_rowid='id',
                                            tokenize='porter unicode61 remove_diacritics 2');
    """)
    started = time.monotonic()
    batch = []
    for i, lang, title, body, f in generate(n):
        batch.append((i, lang, title, body, f["round"], f["group"], f["country"], f["year"], f["ts"],
                      " ".join(map(str, f["sessions"]))))
        if len(batch) == 5000:
            db.executemany("insert into docs values (?,?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    db.executemany("insert into docs values (?,?,?,?,?,?,?,?,?,?)", batch)
    db.execute("insert into fts(rowid, title, body) select id, title, body from docs")
    db.commit()
    return time.monotonic() - started


def fts_match(q: str) -> str:
    q = q.replace("migración", "migracion")
    out = []
    for token in re.findall(r'"[^"]+"|\S+', q):
        if token.startswith("-"):
            out.append(f'NOT "{token[1:]}"')
        elif token == "OR":
            out.append("OR")
        else:
            out.append(token if token.startswith('"') else f'"{token}"')
    return " ".join(out)


FACET_COLUMNS = {"round": "round", "group": "grp", "country": "country", "language": "lang", "year": "year"}


def sqlite_queries(path: str, runs: int) -> dict[str, list[float]]:
    db = sqlite3.connect(path)
    timings: dict[str, list[float]] = {}
    for _ in range(runs):
        for category, q, filters in QUERIES:
            where = " and ".join(f"d.{FACET_COLUMNS[k]} = ?" for k in filters) or "1"
            params = [fts_match(q), *filters.values()]
            t0 = time.perf_counter()
            db.execute(f"""select d.id, snippet(fts, 1, '<mark>', '</mark>', '…', 30) from fts join docs d on d.id = fts.rowid
                           where fts match ? and {where} order by bm25(fts) limit 20""", params).fetchall()
            db.execute("create temp table if not exists m(id integer primary key)")
            db.execute("delete from m")
            db.execute("insert into m select rowid from fts where fts match ?", [fts_match(q)])
            for column in ("round", "grp", "country", "lang", "year", "sessions"):
                db.execute(f"select d.{column}, count(*) from m join docs d on d.id = m.id where {where} group by 1",
                           list(filters.values())).fetchall()
            timings.setdefault(category, []).append((time.perf_counter() - t0) * 1000)
    return timings


# --- PostgreSQL -----------------------------------------------------------------------

def postgres_bench(n: int, runs: int, url: str, store: Path, reuse: bool) -> tuple[float, dict[str, list[float]]] | None:
    try:
        import psycopg
    except ImportError:
        return None
    try:
        admin = psycopg.connect(url + "/postgres", autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001
        print(f"  PostgreSQL not reachable ({exc.__class__.__name__}); baseline skipped")
        return None
    if reuse and store.exists():
        admin.close()
        build = json.loads(store.read_text())["build_s"]
        conn = psycopg.connect(url + "/consult_search_bench", autocommit=True)
    else:
        build, conn = _postgres_build(admin, n, url)
        store.write_text(json.dumps({"build_s": build}))
    timings: dict[str, list[float]] = {}
    for _ in range(runs):
        for category, q, filters in QUERIES:
            where = " and ".join(f"{FACET_COLUMNS[k]} = %s" for k in filters) or "true"
            fvals = [int(v) if k in ("round", "year") else v for k, v in filters.items()]
            tsq = ("(select websearch_to_tsquery('english', %s) || websearch_to_tsquery('spanish', %s)"
                   " || websearch_to_tsquery('french', %s) as q) x")
            t0 = time.perf_counter()
            conn.execute(f"""select id, ts_headline('english', body, q) from
                             (select id, body, x.q from docs, {tsq} where tsv @@ x.q and {where}
                              order by ts_rank(tsv, x.q) desc limit 20) t""", [q, q, q, *fvals]).fetchall()
            for column in ("round", "grp", "country", "lang", "year", "sessions"):
                conn.execute(f"select {column}, count(*) from docs, {tsq} where tsv @@ x.q and {where} group by 1",
                             [q, q, q, *fvals]).fetchall()
            timings.setdefault(category, []).append((time.perf_counter() - t0) * 1000)
    conn.close()
    return build, timings


def _postgres_build(admin, n: int, url: str):
    import psycopg

    admin.execute("drop database if exists consult_search_bench")
    admin.execute("create database consult_search_bench")
    admin.close()
    conn = psycopg.connect(url + "/consult_search_bench", autocommit=True)
    conn.execute("""create table docs(id int primary key, lang text, title text, body text, round int, grp text,
                    country text, year int, ts bigint, sessions text, tsv tsvector)""")
    started = time.monotonic()
    with conn.cursor().copy("copy docs(id, lang, title, body, round, grp, country, year, ts, sessions) from stdin") as cp:
        for i, lang, title, body, f in generate(n):
            cp.write_row((i, lang, title, body, f["round"], f["group"], f["country"], f["year"], f["ts"],
                          " ".join(map(str, f["sessions"]))))
    conn.execute("""update docs set tsv = setweight(to_tsvector(case lang when 'fr' then 'french'::regconfig
                    when 'es' then 'spanish'::regconfig else 'english'::regconfig end, title), 'A') ||
                    to_tsvector(case lang when 'fr' then 'french'::regconfig when 'es' then 'spanish'::regconfig
                    else 'english'::regconfig end, body)""")
    conn.execute("create index on docs using gin(tsv)")
    conn.execute("vacuum analyze docs")
    return time.monotonic() - started, conn
