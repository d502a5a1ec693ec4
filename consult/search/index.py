"""The Whoosh index on disk: schema, analyzers, documents, generations and the drain lock.

Nothing outside ``consult/search`` touches Whoosh. Layout of ``SEARCH_INDEX_DIR``::

    current -> gen-20261127T210000-1a2b   symlink to the live generation (swapped atomically)
    gen-.../                              Whoosh files (compound=False) + position.json
    drain.lock                            one writer at a time, taken without waiting by web workers

``position.json`` beside the Whoosh files records the last outbox id applied (and recent
gaps, see ``indexer``), so a rebuilt index knows where to resume.
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import string
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import writing as whoosh_writing
from whoosh.codec import base as whoosh_codec_base
from whoosh.filedb import compound as whoosh_compound
from whoosh.filedb import filestore as whoosh_filestore
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.support.charset import accent_map

def _unpredictable_name(size: int = 28) -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(size))


# Whoosh names segment files with the global ``random`` module. Forked web workers share its
# state, and so do test runs that seed it (hypothesis): two writers in turn would then pick
# the same segment name and overwrite each other's files. Names come from the OS instead.
for _module in (whoosh_codec_base, whoosh_writing, whoosh_filestore, whoosh_compound):
    _module.random_name = _unpredictable_name

LANGUAGES = ("en", "fr", "es")  # languages with a stemmer; anything else goes to "other"
TITLE_BOOST = 3.0
ORGANISATION_BOOST = 2.0
CURRENT = "current"
POSITION_FILE = "position.json"
LOCK_FILE = "drain.lock"


def language_analyzer(lang: str | None):
    """Lower-case, drop stop words, fold accents, then stem: "migración", "migracion" and
    "migraciones" all become "migracion". Folding before stemming matters: the Spanish
    stemmer treats "-ación" and "-acion" differently."""
    chain = RegexTokenizer() | LowercaseFilter()
    if lang:
        chain = chain | StopFilter(lang=lang)
    chain = chain | CharsetFilter(accent_map)
    if lang:
        chain = chain | StemFilter(lang=lang)
    return chain


def field_language(language: str) -> str:
    return language if language in LANGUAGES else "other"


def text_fields() -> list[str]:
    langs = [*LANGUAGES, "other"]
    return [f"title_{l}" for l in langs] + [f"body_{l}" for l in langs] + ["organisation"]


def field_boosts() -> dict[str, float]:
    boosts = {name: 1.0 for name in text_fields()}
    boosts.update({name: TITLE_BOOST for name in boosts if name.startswith("title_")})
    boosts["organisation"] = ORGANISATION_BOOST
    return boosts


def build_schema() -> Schema:
    fields: dict = {
        "id": ID(unique=True, stored=True),
        # Single-valued facets as sortable columns: counted from the column, never by
        # Whoosh's allow_overlap faceting (very slow on multi-valued fields).
        "round": ID(sortable=True),
        "group": ID(sortable=True),
        "country": ID(sortable=True),
        "language": ID(sortable=True),
        "year": ID(sortable=True),
        # Sessions are multi-valued: "session" filters, "session_set" (the sorted ids
        # joined by spaces) is a column whose few distinct values are expanded when counting.
        "session": KEYWORD(),
        "session_set": ID(sortable=True),
        "published": NUMERIC(bits=64, sortable=True, signed=False),
        "organisation": TEXT(analyzer=language_analyzer(None), field_boost=ORGANISATION_BOOST),
    }
    for lang in [*LANGUAGES, "other"]:
        analyzer = language_analyzer(lang if lang != "other" else None)
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, field_boost=TITLE_BOOST)
        fields[f"body_{lang}"] = TEXT(analyzer=analyzer)
    return Schema(**fields)


SCHEMA = build_schema()
FACET_FIELDS = ("round", "group", "country", "language", "year", "session_set")


def document(*, submission_id: int, title: str, texts: list[str], organisation: str | None, round_id: int,
             group: str, country: str | None, language: str, session_ids: list[int], published_ts: int,
             year: int) -> dict:
    """One Whoosh document from plain public values (the caller takes them from
    ``public_document``; this module never sees a database object)."""
    lang = field_language(language)
    doc = {
        "id": str(submission_id),
        "round": str(round_id),
        "group": group,
        "country": country or "",
        "language": language,
        "year": str(year),
        "session": " ".join(str(s) for s in sorted(session_ids)),
        "session_set": " ".join(str(s) for s in sorted(session_ids)),
        "published": published_ts,
        f"title_{lang}": title,
        # The title is in the body too, so that counting matches needs only the body
        # fields (half the posting lists of the scored query).
        f"body_{lang}": "\n\n".join(t for t in [title, *texts] if t),
    }
    if organisation:
        doc["organisation"] = organisation
    return doc


# --- generations on disk ------------------------------------------------------------------

def root(index_dir: str | os.PathLike) -> Path:
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def current_dir(index_dir) -> Path | None:
    """The live generation, or None when no index was ever built."""
    link = root(index_dir) / CURRENT
    return link.resolve() if link.exists() else None


def new_generation(index_dir) -> Path:
    path = root(index_dir) / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    path.mkdir()
    whoosh_index.create_in(str(path), SCHEMA)
    return path


def swap_in(index_dir, generation: Path) -> None:
    """Point ``current`` at ``generation`` atomically (rename over the old symlink), then
    remove generations older than the previous one: a worker may still read the previous."""
    base = root(index_dir)
    previous = current_dir(index_dir)
    tmp = base / f".current-{uuid.uuid4().hex[:6]}"
    os.symlink(generation.name, tmp)
    os.replace(tmp, base / CURRENT)
    keep = {generation.name, previous.name if previous else None}
    for old in base.glob("gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def open_or_create(index_dir):
    """The live Whoosh index, creating an empty first generation when there is none.
    Call with the drain lock held (flock is per open file: taking it again here would
    wait for ourselves)."""
    path = current_dir(index_dir)
    if path is None:
        path = new_generation(index_dir)
        write_position(path, {"last_id": 0, "gaps": {}})
        swap_in(index_dir, path)
    return whoosh_index.open_dir(str(path))


def read_position(generation: Path) -> dict:
    try:
        data = json.loads((generation / POSITION_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return {"last_id": 0, "gaps": {}}
    return {"last_id": int(data.get("last_id", 0)), "gaps": {str(k): float(v) for k, v in data.get("gaps", {}).items()},
            "clock": float(data["clock"]) if data.get("clock") is not None else None}


def write_position(generation: Path, position: dict) -> None:
    tmp = generation / (POSITION_FILE + ".tmp")
    tmp.write_text(json.dumps(position))
    os.replace(tmp, generation / POSITION_FILE)


class Busy(Exception):
    """Another process holds the drain lock; the outbox will be drained by it or later."""


@contextmanager
def drain_lock(index_dir, *, wait: bool, timeout: float = 60.0):
    """One writer at a time across processes. Web workers never wait (``wait=False``)."""
    with open(root(index_dir) / LOCK_FILE, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or time.monotonic() > deadline:
                    raise Busy() from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def writer(ix, *, procs: int = 1, limitmb: int = 128):
    # compound=False: each worker maps the segment files instead of copying the index into
    # its own memory (≈600 MB at 100k submissions with compound segments). Whoosh's own
    # lock is free whenever we hold the drain lock, so no waiting here. With several
    # processes each keeps its own segment (multisegment): merging them would cost more
    # than the parallel indexing saves.
    if procs > 1:
        return ix.writer(procs=procs, limitmb=limitmb, compound=False, multisegment=True)
    return ix.writer(limitmb=limitmb, compound=False)


def commit(w, *, optimize: bool = False, merge: bool = True) -> None:
    w.commit(optimize=optimize, merge=merge)
