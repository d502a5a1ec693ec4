"""The Whoosh engine: the embedded default, pure Python, nothing to install.

Writes go to segments with ``compound=False`` (each worker maps the files instead of copying
the index into its own memory). The read side is one searcher per worker process, opened
lazily after fork and checked for a newer generation or commit on every search.

Facet counts: each segment's facet columns are read once into lists (cached by segment);
the matching document numbers of the query (an unscored pass over the body fields only)
are counted per facet with ``Counter(map(column.__getitem__, docs))`` (C speed), never with
Whoosh's ``allow_overlap`` faceting. Counts are cached (LRU) per query and filters for the
searcher's generation, so a frequent broad query ("migration") is counted once per write.
"""
from __future__ import annotations

import functools
import threading
from collections import Counter, OrderedDict
from pathlib import Path

from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh.query import And, Every, Query, Term

from consult.search import index, query_parser
from consult.search.engine import Engine, IndexWriter, Searcher, SearchOutcome, TIME_LIMIT
from consult.search.index import FACETS
from consult.search.whoosh_schema import FACET_FIELDS, SCHEMA, whoosh_document


class WhooshWriter(IndexWriter):
    def __init__(self, generation: Path, *, bulk: bool, procs: int):
        self.ix = whoosh_index.open_dir(str(generation))
        self.bulk = bulk
        self.procs = procs if bulk else 1
        # Whoosh's own lock is free whenever we hold the drain lock, so no waiting here. With
        # several processes each keeps its own segment (multisegment): merging them would
        # cost more than the parallel indexing saves.
        if self.procs > 1:
            self.w = self.ix.writer(procs=self.procs, limitmb=256, compound=False, multisegment=True)
        else:
            self.w = self.ix.writer(limitmb=256 if bulk else 128, compound=False)

    def add(self, document: dict) -> None:
        self.w.add_document(**whoosh_document(document))

    def replace(self, document: dict) -> None:
        self.w.update_document(**whoosh_document(document))

    def remove(self, submission_id: int) -> None:
        self.w.delete_by_term("id", str(submission_id))

    def commit(self) -> None:
        # A rebuild written by one process is optimised into one segment; a drain's small
        # batch is merged the way Whoosh merges (a few segments at most).
        single_bulk = self.bulk and self.procs == 1
        self.w.commit(optimize=single_bulk, merge=not self.bulk or single_bulk)
        self.ix.close()

    def cancel(self) -> None:
        self.w.cancel()
        self.ix.close()


@functools.lru_cache(maxsize=512)
def _queries(text: str | None) -> tuple[Query, Query, bool]:
    """The scored query, the counting query and whether counts are estimates (see
    ``query_parser.counting_query``), parsed once per text per process."""
    if text is None:
        return Every(), Every(), False
    count_query, estimated = query_parser.counting_query(text)
    return query_parser.parse(text), count_query, estimated


class WhooshSearcher(Searcher):
    """Per-process state: Whoosh file handles and the facet cache are never shared across
    processes (``searcher.for_worker`` makes a new one after fork)."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self.generation = None
        self.ix = None
        self.searcher = None
        self.lock = threading.Lock()
        self.segment_facets: dict[str, dict[str, list]] = {}
        self.facet_rows: tuple[tuple, dict[str, list]] | None = None
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
        columns: dict[str, list[str]] = {name: [] for name in FACET_FIELDS}
        shared: dict[str, str] = {}
        for (leaf, _offset), key in zip(leaves, keys):
            if key not in self.segment_facets:
                self.segment_facets[key] = {name: _column(leaf.reader(), name, shared) for name in FACET_FIELDS}
            for name in FACET_FIELDS:
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

    def search(self, text: str | None, *, filters: dict[str, str], page: int, per_page: int,
               sort: str) -> SearchOutcome:
        query, count_query, estimated = _queries(text)
        with self.lock:
            searcher = self.current()
            if searcher is None:
                return SearchOutcome.empty()
            total, facets = self.counts(searcher, count_query, filters, repr(query))
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
            return SearchOutcome(ids=ids, total=total, facets=facets, timed_out=timed_out, estimated=estimated)

    def doc_count(self) -> int:
        with self.lock:
            searcher = self.current()
            return searcher.doc_count() if searcher is not None else 0

    def forget_counts(self) -> None:
        self.count_cache.clear()

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None


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


class WhooshEngine(Engine):
    name = "whoosh"

    def create(self, generation: Path) -> None:
        whoosh_index.create_in(str(generation), SCHEMA)

    def writer(self, generation: Path, *, bulk: bool = False, procs: int = 1) -> IndexWriter:
        return WhooshWriter(generation, bulk=bulk, procs=procs)

    def doc_count(self, generation: Path) -> int:
        ix = whoosh_index.open_dir(str(generation))
        try:
            return ix.doc_count()
        finally:
            ix.close()

    def ids(self, generation: Path) -> set[int]:
        ix = whoosh_index.open_dir(str(generation))
        with ix.searcher() as s:
            found = {int(fields["id"]) for fields in s.all_stored_fields()}
        ix.close()
        return found

    def open_searcher(self, index_dir: Path) -> Searcher:
        return WhooshSearcher(index_dir)


ENGINE = WhooshEngine()
