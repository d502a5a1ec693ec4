"""The read side: one searcher per worker process, opened lazily after fork and checked
for a newer index generation on every request; a query returns ids, the total, facet counts and the terms to highlight.

Facet counts: each segment's facet columns are read once into lists (cached by segment);
the matching document numbers of the query (an unscored pass over the body fields only)
are counted per facet with ``Counter(map(column.__getitem__, docs))`` (C speed), never with
Whoosh's ``allow_overlap`` faceting. Counts are cached (LRU) per query and filters for the
searcher's generation, so a frequent broad query ("migration") is counted once per write.
"""
from __future__ import annotations

import os
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh.query import And, Query, Term

from consult.search import index

FACETS = ("round", "group", "country", "session", "language", "year")
TIME_LIMIT = 2.0  # seconds; a query that takes longer returns what it found so far


@dataclass
class SearchOutcome:
    ids: list[int]
    total: int
    facets: dict[str, Counter] = field(default_factory=dict)
    timed_out: bool = False


class WorkerSearcher:
    """Per-process state. Re-created in a forked child (the pid check) because Whoosh file
    handles and the facet cache must not be shared across processes."""

    def __init__(self, index_dir: str):
        self.index_dir = index_dir
        self.pid = os.getpid()
        self.generation = None
        self.ix = None
        self.searcher = None
        self.lock = threading.Lock()
        self.segment_facets: dict[str, list[tuple]] = {}
        self.facet_rows: tuple[tuple, list[tuple]] | None = None
        self.count_cache: OrderedDict = OrderedDict()

    def current(self):
        """The refreshed searcher: reopened when ``reindex`` swapped a new generation in."""
        generation = index.current_dir(self.index_dir)
        if generation is None:
            return None  # nothing indexed yet: the first drain or reindex creates the index
        if generation != self.generation or self.searcher is None:
            if self.searcher is not None:
                self.searcher.close()
            self.ix = whoosh_index.open_dir(str(generation))
            self.searcher = self.ix.searcher()
            self.generation = generation
            self.segment_facets.clear()
            self.count_cache.clear()
        elif self.ix.latest_generation() != self.searcher.reader().generation():
            # Not Searcher.refresh(): it reuses the reader of any segment with the same id,
            # so deletions made since (a hidden submission) would stay invisible to it.
            # A fresh searcher costs a couple of milliseconds with uncompounded segments;
            # the facet columns are kept per segment.
            self.searcher.close()
            self.searcher = self.ix.searcher()
            self.count_cache.clear()
        return self.searcher

    # --- facets ---------------------------------------------------------------------
    def _columns(self, searcher) -> dict[str, list[str]]:
        """Facet values by global document number (one list per facet column), read once
        per segment; equal values share one string object to keep the worker small."""
        leaves = searcher.leaf_searchers()
        keys = tuple(_segment_key(s) for s, _offset in leaves)
        if self.facet_rows is not None and self.facet_rows[0] == keys:
            return self.facet_rows[1]
        columns: dict[str, list[str]] = {name: [] for name in index.FACET_FIELDS}
        shared: dict[str, str] = {}
        for (leaf, _offset), key in zip(leaves, keys):
            if key not in self.segment_facets:
                self.segment_facets[key] = {name: _column(leaf.reader(), name, shared) for name in index.FACET_FIELDS}
            for name in index.FACET_FIELDS:
                columns[name].extend(self.segment_facets[key][name])
        for stale in set(self.segment_facets) - set(keys):
            del self.segment_facets[stale]
        self.facet_rows = (keys, columns)
        return columns

    def counts(self, searcher, count_query: Query, filters: dict[str, str], cache_key) -> tuple[int, dict[str, Counter]]:
        """The filtered total and, per facet, the counts under every *other* filter, so
        that choosing a value of a facet shows what it would give. Cached per query."""
        key = (cache_key, tuple(sorted(filters.items())))
        if key in self.count_cache:
            self.count_cache.move_to_end(key)
            return self.count_cache[key]
        columns = self._columns(searcher)
        docs = list(searcher.docs_for_query(count_query))
        allowed = {name: set(searcher.docs_for_query(Term(name, value))) for name, value in filters.items()}

        def narrowed(skip: str | None) -> list[int]:
            sets = [docset for name, docset in allowed.items() if name != skip]
            if not sets:
                return docs
            return [d for d in docs if all(d in docset for docset in sets)]

        matching = narrowed(None)
        facets: dict[str, Counter] = {}
        for name in FACETS:
            subset = narrowed(name) if name in filters else matching
            column = columns["session_set" if name == "session" else name]
            counted = Counter(map(column.__getitem__, subset))
            if name == "session":
                expanded: Counter = Counter()
                for value_set, n in counted.items():
                    for value in value_set.split():
                        expanded[value] += n
                counted = expanded
            counted.pop("", None)
            facets[name] = counted
        result = (len(matching), facets)
        self.count_cache[key] = result
        if len(self.count_cache) > 512:
            self.count_cache.popitem(last=False)
        return result

    def search(self, query: Query, *, filters: dict[str, str], cache_key, page: int, per_page: int,
               sort: str, count_query: Query | None = None) -> SearchOutcome:
        with self.lock:
            searcher = self.current()
            if searcher is None:
                return SearchOutcome(ids=[], total=0, facets={name: Counter() for name in FACETS})
            total, facets = self.counts(searcher, count_query or query, filters, cache_key)
            filter_query = filter_terms(filters)
            limit = page * per_page
            collector = searcher.collector(
                limit=limit,
                sortedby="published" if sort == "date" else None,
                reverse=sort == "date",
            )
            # The time limit wraps the scorer and the filter wraps the time limit: the other
            # way round, Whoosh's TimeLimitCollector bypasses the filter.
            timed = collectors.TimeLimitCollector(collector, timelimit=TIME_LIMIT, use_alarm=False)
            outer = collectors.FilterCollector(timed, filter_query) if filter_query is not None else timed
            timed_out = False
            try:
                searcher.search_with_collector(query, outer)
            except collectors.TimeLimit:
                timed_out = True
            results = outer.results()
            ids = [int(hit["id"]) for hit in list(results)[(page - 1) * per_page:limit]]
            return SearchOutcome(ids=ids, total=total, facets=facets, timed_out=timed_out)

    def doc_count(self) -> int:
        with self.lock:
            searcher = self.current()
            return searcher.doc_count() if searcher is not None else 0


def _column(reader, name: str, shared: dict[str, str]) -> list[str]:
    if reader.doc_count_all() == 0:
        return []  # an empty index has no columns at all
    return [shared.setdefault(v, v) for v in reader.column_reader(name)]


def _segment_key(leaf) -> str:
    """A segment's column values never change (a deletion only hides documents, and
    ``docs_for_query`` skips those), so its columns are read once per segment."""
    reader = leaf.reader()
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.segment_id() if segment is not None else f"reader-{id(reader)}"


def filter_terms(filters: dict[str, str]) -> Query | None:
    terms = [Term(name, value) for name, value in filters.items()]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(terms)


_workers: dict[str, WorkerSearcher] = {}
_workers_lock = threading.Lock()


def for_worker(index_dir: str) -> WorkerSearcher:
    """This process's searcher for ``index_dir`` (a new one after fork)."""
    with _workers_lock:
        worker = _workers.get(index_dir)
        if worker is None or worker.pid != os.getpid():
            worker = WorkerSearcher(index_dir)
            _workers[index_dir] = worker
        return worker


def close_all() -> None:
    """Close every searcher of this process (tests, and before a worker exits)."""
    with _workers_lock:
        for worker in _workers.values():
            if worker.searcher is not None:
                worker.searcher.close()
        _workers.clear()
