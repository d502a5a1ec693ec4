"""What the rest of Consult may ask of a search engine, and which engine answers.

Two engines implement it: Whoosh (``whoosh_engine``, pure Python, the embedded default)
and tantivy (``tantivy_engine``, Rust, for a round that outgrows Whoosh). The setting
``SEARCH_BACKEND`` (``CONSULT_SEARCH_BACKEND=whoosh|tantivy``) picks one; ``search reindex``
builds its index. Everything around an engine is shared and engine-neutral: the outbox and
each index's own position in it (``indexer``), generations swapped atomically and the drain
lock (``index``), the query syntax and its refusals (``query_parser``), the public re-check of
every hit and the snippets made from database text (``queries``).

An engine is asked for:

- an empty index in a new generation directory (``create``), a writer that adds, replaces
  and removes documents and commits or cancels them all (``writer``), the ids it holds and
  their count (``ids``, ``doc_count``);
- a searcher for this worker process (``open_searcher``), refreshed on every search, that
  answers a search: the validated text typed by the visitor (or None: everything), facet
  filters, a sort (relevance or date) and a page; it returns the page's ids in order, the
  total (``estimated`` when it is an upper bound), per facet the counts under every *other*
  filter, and whether the time cap cut the search short.
"""
from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from consult.search.index import FACETS

BACKENDS = {"whoosh": "consult.search.whoosh_engine", "tantivy": "consult.search.tantivy_engine"}
DEFAULT_BACKEND = "whoosh"
TIME_LIMIT = 2.0  # seconds; a search that takes longer returns what it found so far, said so


class UnknownEngine(ValueError):
    pass


@dataclass
class SearchOutcome:
    ids: list[int]
    total: int
    facets: dict[str, Counter] = field(default_factory=dict)
    timed_out: bool = False
    estimated: bool = False  # the total (and counts) are "at most" figures

    @classmethod
    def empty(cls) -> SearchOutcome:
        return cls(ids=[], total=0, facets={name: Counter() for name in FACETS})


class IndexWriter(ABC):
    """Changes to one generation, visible to searchers once committed."""

    @abstractmethod
    def add(self, document: dict) -> None:
        """A document known not to be in the index yet (a rebuild)."""

    @abstractmethod
    def replace(self, document: dict) -> None:
        """Add the document, or replace the one with its id."""

    @abstractmethod
    def remove(self, submission_id: int) -> None: ...

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def cancel(self) -> None: ...


class Searcher(ABC):
    """One per worker process and index directory (see ``searcher.for_worker``)."""

    @abstractmethod
    def search(self, text: str | None, *, filters: dict[str, str], page: int, per_page: int,
               sort: str) -> SearchOutcome:
        """``text`` has been accepted by ``query_parser.parse``; ``filters`` hold index values
        (the round's id, not its slug); ``sort`` is "relevance" or "date"."""

    @abstractmethod
    def doc_count(self) -> int: ...

    def forget_counts(self) -> None:
        """Drop cached counts (benchmarks measure the uncached cost)."""

    @abstractmethod
    def close(self) -> None: ...


class Engine(ABC):
    name: str

    @abstractmethod
    def create(self, generation: Path) -> None: ...

    @abstractmethod
    def writer(self, generation: Path, *, bulk: bool = False, procs: int = 1) -> IndexWriter:
        """``bulk``: a rebuild, written once and read many times (bigger buffers, and Whoosh
        writes with ``procs`` processes)."""

    @abstractmethod
    def doc_count(self, generation: Path) -> int: ...

    @abstractmethod
    def ids(self, generation: Path) -> set[int]: ...

    @abstractmethod
    def open_searcher(self, index_dir: Path) -> Searcher: ...


_engines: dict[str, Engine] = {}


def get(name: str) -> Engine:
    """The engine called ``name``; its module (and library) is imported on first use."""
    if name not in BACKENDS:
        raise UnknownEngine(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
    if name not in _engines:
        _engines[name] = importlib.import_module(BACKENDS[name]).ENGINE
    return _engines[name]


def configured(config) -> Engine:
    """The engine ``config`` (an app's config) names."""
    return get(config.get("SEARCH_BACKEND") or DEFAULT_BACKEND)
