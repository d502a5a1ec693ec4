"""The tantivy engine: for a deployment that outgrows Whoosh (hundreds of thousands of
submissions and more). Same documents, same query syntax, same facets as Whoosh
(``tantivy_query`` builds the schema and queries to mean the same).

Facets are fast fields counted by terms aggregations, each facet under every *other*
filter, as Whoosh counts them. tantivy counts a phrase exactly, so its totals are never
estimates. A search runs in a small thread pool of the worker (tantivy releases the GIL),
so that the time cap can answer "incomplete" instead of waiting.
"""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import tantivy
from tantivy import Occur, Order, Query

from consult.search import index
from consult.search.engine import Engine, IndexWriter, Searcher, SearchOutcome, TIME_LIMIT
from consult.search.index import FACETS
from consult.search.tantivy_query import SCHEMA, build, filter_query, id_query, register_tokenizers, tantivy_document

META = "meta.json"
# Every value of a facet is counted (Whoosh counts them all too); far above any real round.
FACET_SIZE = 65_000
# tantivy's minimum per indexing thread is 15 MB.
DRAIN_HEAP = 32_000_000
BULK_HEAP_PER_THREAD = 96_000_000


def _open(generation: Path) -> tantivy.Index:
    ix = tantivy.Index.open(str(generation))
    register_tokenizers(ix)
    return ix


class TantivyWriter(IndexWriter):
    def __init__(self, generation: Path, *, bulk: bool, procs: int):
        self.ix = _open(generation)
        threads = max(1, procs) if bulk else 1
        self.w = self.ix.writer(heap_size=(BULK_HEAP_PER_THREAD if bulk else DRAIN_HEAP) * threads,
                                num_threads=threads)

    def add(self, document: dict) -> None:
        self.w.add_document(tantivy_document(document))

    def replace(self, document: dict) -> None:
        # Deletes apply to what was added before them: the new document stays.
        self.remove(document["id"])
        self.add(document)

    def remove(self, submission_id: int) -> None:
        self.w.delete_documents_by_query(id_query(submission_id))

    def commit(self) -> None:
        self.w.commit()
        # Background merges hold tantivy's writer lock: finish them before the drain lock
        # is released, so the next writer (maybe another process) can open the index.
        self.w.wait_merging_threads()

    def cancel(self) -> None:
        self.w.rollback()
        self.w.wait_merging_threads()


class TantivySearcher(Searcher):
    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self.generation: Path | None = None
        self.stamp = None
        self.ix: tantivy.Index | None = None
        self.lock = threading.Lock()
        self.pool: ThreadPoolExecutor | None = None

    def current(self) -> tantivy.Searcher | None:
        """This process's searcher, reopened after a swap, reloaded after a commit (a new
        ``meta.json``: tantivy writes it under a new name and renames it into place)."""
        with self.lock:
            generation = index.current_dir(self.index_dir)
            if generation is None:
                return None
            try:
                meta = (generation / META).stat()
            except FileNotFoundError:
                return None
            stamp = (meta.st_ino, meta.st_mtime_ns, meta.st_size)
            if generation != self.generation:
                self.ix = _open(generation)
                self.ix.config_reader(reload_policy="manual")
                self.generation, self.stamp = generation, stamp
            elif stamp != self.stamp:
                self.stamp = stamp  # read before reloading: a later commit is reloaded next time
                self.ix.reload()
            return self.ix.searcher()

    def search(self, text: str | None, *, filters: dict[str, str], page: int, per_page: int,
               sort: str) -> SearchOutcome:
        searcher = self.current()
        if searcher is None:
            return SearchOutcome.empty()
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search")
        query = build(text)
        top = self.pool.submit(_top, searcher, _narrowed(query, filters), page, per_page, sort)
        counts = self.pool.submit(_facet_counts, searcher, query, filters)
        try:
            ids, total = top.result(timeout=TIME_LIMIT)
        except FutureTimeout:
            return SearchOutcome(ids=[], total=0, facets=SearchOutcome.empty().facets, timed_out=True)
        try:
            facets = counts.result(timeout=TIME_LIMIT)
        except FutureTimeout:
            return SearchOutcome(ids=ids, total=total, facets=SearchOutcome.empty().facets, timed_out=True)
        return SearchOutcome(ids=ids, total=total, facets=facets)

    def doc_count(self) -> int:
        searcher = self.current()
        return searcher.num_docs if searcher is not None else 0

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
        self.ix = None
        self.generation = None


def _narrowed(query: Query, filters: dict[str, str], skip: str | None = None) -> Query:
    clauses = [(Occur.Must, filter_query(name, value)) for name, value in filters.items() if name != skip]
    if not clauses:
        return query
    return Query.boolean_query([(Occur.Must, query), *clauses])


def _top(searcher: tantivy.Searcher, query: Query, page: int, per_page: int, sort: str) -> tuple[list[int], int]:
    if sort == "date":
        found = searcher.search(query, limit=per_page, offset=(page - 1) * per_page, count=True,
                                order_by_field="published", order=Order.Desc)
    else:
        found = searcher.search(query, limit=per_page, offset=(page - 1) * per_page, count=True)
    ids = searcher.fast_field_values("id", [address for _score, address in found.hits]) if found.hits else []
    return [int(i) for i in ids], found.count


def _facet_counts(searcher: tantivy.Searcher, query: Query, filters: dict[str, str]) -> dict[str, Counter]:
    """Per facet, the counts under every other filter: one aggregation for the facets not
    filtered, one for each filtered facet."""
    def terms(names) -> dict:
        return {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in names}

    facets: dict[str, Counter] = {}
    free = [name for name in FACETS if name not in filters]
    runs = [(_narrowed(query, filters), free)] if free else []
    runs += [(_narrowed(query, filters, skip=name), [name]) for name in filters if name in FACETS]
    for narrowed, names in runs:
        result = searcher.aggregate(narrowed, terms(names))
        for name in names:
            facets[name] = Counter({b["key"]: b["doc_count"] for b in result.get(name, {}).get("buckets", [])})
    return facets


class TantivyEngine(Engine):
    name = "tantivy"

    def create(self, generation: Path) -> None:
        tantivy.Index(SCHEMA, path=str(generation), reuse=False)

    def writer(self, generation: Path, *, bulk: bool = False, procs: int = 1) -> IndexWriter:
        return TantivyWriter(generation, bulk=bulk, procs=procs)

    def doc_count(self, generation: Path) -> int:
        return _open(generation).searcher().num_docs

    def ids(self, generation: Path) -> set[int]:
        searcher = _open(generation).searcher()
        if not searcher.num_docs:
            return set()
        found = searcher.search(Query.all_query(), limit=searcher.num_docs, count=False)
        return {int(i) for i in searcher.fast_field_values("id", [address for _s, address in found.hits])}

    def open_searcher(self, index_dir: Path) -> Searcher:
        return TantivySearcher(index_dir)


ENGINE = TantivyEngine()
