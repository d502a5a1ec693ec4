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
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("CONSULT_CORPUS", ROOT.parent.parent / "shared/corpus/public-comments.jsonl"))
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/public-comments.jsonl")

FRENCH = """Les travailleurs migrants paient encore des frais de recrutement exorbitants.
La migration de main-d'œuvre doit respecter les droits fondamentaux des travailleurs.
Nous demandons la portabilité des droits à la sécurité sociale entre les pays d'origine et de destination.
Les transferts de fonds des migrants soutiennent des millions de familles en Afrique de l'Ouest.
Le coût des envois de fonds reste trop élevé pour les petites sommes.
Les organisations de la diaspora veulent être associées aux politiques de développement.
La reconnaissance des qualifications permettrait aux infirmières migrantes de travailler dans leur métier.
Les femmes migrantes employées de maison sont exposées aux abus et à l'isolement.
Les agences de recrutement doivent être enregistrées et contrôlées par l'État.
Le retour et la réintégration des migrants exigent un accompagnement économique durable.
Les collectivités locales accueillent les migrants sans moyens supplémentaires.
Nous recommandons un observatoire régional des migrations et des données ventilées par sexe.
La cohérence des politiques migratoires et de développement reste un défi majeur.
Les syndicats doivent pouvoir organiser les travailleurs migrants sans crainte de représailles.
L'accès à la justice pour les migrants victimes d'exploitation est encore très limité.""".splitlines()

SPANISH = """Los trabajadores migrantes siguen pagando comisiones de contratación abusivas.
La migración laboral debe respetar los derechos humanos de todas las personas.
Las remesas sostienen a millones de hogares en América Latina y el Caribe.
El costo de enviar remesas sigue siendo demasiado alto para los montos pequeños.
Las organizaciones de la diáspora piden participar en las políticas de desarrollo.
El reconocimiento de títulos permitiría a las enfermeras migrantes ejercer su profesión.
Las trabajadoras domésticas migrantes están expuestas a abusos y aislamiento.
Las agencias de contratación deben estar registradas y supervisadas por el Estado.
El retorno y la reintegración requieren apoyo económico y psicosocial sostenido.
Los gobiernos locales reciben a los migrantes sin recursos adicionales.
Recomendamos un observatorio regional de migraciones con datos desagregados por sexo.
La coherencia entre las políticas migratorias y de desarrollo sigue siendo un desafío.
Los sindicatos deben poder organizar a los trabajadores migrantes sin temor a represalias.
El acceso a la justicia para las víctimas de explotación laboral sigue siendo limitado.
La portabilidad de la seguridad social protege a quienes trabajan en varios países.""".splitlines()

MIGRATION_EN = """Labour migration must be governed by fair recruitment and enforceable contracts.
Migration and development policies should be coherent across ministries.
Recruitment fees push migrant workers into debt bondage before they leave home.
Remittance costs above three percent take money from families who need it most.
Diaspora organisations can invest in development if their skills are recognised.
Women migrant domestic workers need labour law protection in every country of destination.
Circular migration schemes should guarantee the portability of social security.
Local authorities receive migrants and need resources for integration services.""".splitlines()

LANG_WEIGHTS = (("en", 0.80), ("es", 0.12), ("fr", 0.08))
GROUPS = ["civil_society", "migrant_diaspora", "private_sector", "trade_union", "academia",
          "local_authority", "international_organisation", "government", "other"]
COUNTRIES = ["PH", "MX", "SN", "FR", "IN", "NG", "US", "MA", "GT", "BD", "KE", "ES", "AE", "NP", "CO"] + [
    f"C{i}" for i in range(25)]


def zipf_choice(rng: random.Random, values: list, s: float = 1.1):
    weights = [1 / (i + 1) ** s for i in range(len(values))]
    return rng.choices(values, weights)[0]


def load_corpus() -> tuple[list[str], list[int]]:
    sentences, lengths = [], []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        parts = [p for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
        sentences.extend(parts)
        lengths.append(max(1, len(parts)))
    return sentences, lengths


def generate(n: int, seed: int = 7):
    """Yield (id, language, title, body, facets) tuples; deterministic for a seed."""
    rng = random.Random(seed)
    sentences, lengths = load_corpus()
    for i in range(1, n + 1):
        lang = rng.choices([l for l, _w in LANG_WEIGHTS], [w for _l, w in LANG_WEIGHTS])[0]
        count = min(rng.choice(lengths), 120)
        if lang == "en":
            parts = [rng.choice(sentences) for _ in range(count)]
            if rng.random() < 0.6:
                parts.insert(rng.randrange(len(parts) + 1), rng.choice(MIGRATION_EN))
        else:
            pool = FRENCH if lang == "fr" else SPANISH
            parts = [rng.choice(pool) for _ in range(max(2, count // 2))]
        title = parts[0][:120]
        round_id = zipf_choice(rng, list(range(1, 21)))
        sessions = sorted(rng.sample(range(round_id * 10, round_id * 10 + 6), rng.choice([1, 1, 1, 2, 3])))
        year = zipf_choice(rng, list(range(2026, 2018, -1)), 0.8)
        facets = {"round": round_id, "group": zipf_choice(rng, GROUPS), "country": zipf_choice(rng, COUNTRIES),
                  "sessions": sessions, "year": year,
                  "ts": int(time.mktime((year, rng.randint(1, 12), rng.randint(1, 28), 12, 0, 0, 0, 0, 0)))}
        yield i, lang, title, " ".join(parts), facets


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


QUERIES: list[tuple[str, str, dict]] = [
    ("rare words", "uniontown", {}), ("rare words", "jacksonville", {}), ("rare words", "inalienable", {}),
    ("common words", "migration", {}), ("common words", "pollution", {}), ("common words", "children air", {}),
    ("phrases", '"public health"', {}), ("phrases", '"recruitment fees"', {}), ("phrases", '"clean air act"', {}),
    ("exclusions", "pollution -coal", {}), ("exclusions", "science -transparency", {}),
    ("OR", "remittance OR remesas OR transferts", {}),
    ("broad (>50%)", "health", {}), ("broad (>50%)", "science", {}),
    ("facet-filtered", "health", {"language": "en", "group": "civil_society"}),
    ("facet-filtered", "migración", {"language": "es"}),
    ("facet-filtered", "migration", {"round": "3", "year": "2025"}),
    ("facet-filtered", "travailleurs migrants", {"country": "SN"}),
]


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
            db.execute(f"create temp table if not exists m(id integer primary key)")
            db.execute("delete from m")
            db.execute(f"insert into m select rowid from fts where fts match ?", [fts_match(q)])
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
