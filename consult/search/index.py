"""The index on disk, whatever the engine: documents, generations, positions and the drain lock.

Nothing outside ``consult/search`` touches an engine. Layout of an engine's directory
(``SEARCH_INDEX_DIR`` itself for Whoosh, where deployments before the second engine keep
their index; ``SEARCH_INDEX_DIR/tantivy`` for tantivy, so both can live side by side while
a deployment switches)::

    current -> gen-20261127T210000-1a2b   symlink to the live generation (swapped atomically)
    gen-.../                              the engine's files + position.json
    drain.lock                            one writer at a time, taken without waiting by web workers

``position.json`` beside the engine's files records the last outbox id applied (and recent
gaps, see ``indexer``), so a rebuilt index knows where to resume and each engine's index
follows the outbox on its own.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.analysis import StopFilter

if TYPE_CHECKING:
    from consult.search.engine import Engine

LANGUAGES = ("en", "fr", "es")  # languages with a stemmer; anything else goes to "other"
TITLE_BOOST = 3.0
ORGANISATION_BOOST = 2.0
CURRENT = "current"
POSITION_FILE = "position.json"
LOCK_FILE = "drain.lock"
# The facets a search counts; "session" is the only one with several values per document.
FACETS = ("round", "group", "country", "session", "language", "year")


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


def stop_words(lang: str) -> frozenset[str]:
    """The words too common to search for in ``lang`` (Whoosh's lists: its English list plus
    the language's own; for other languages its English list alone). Both engines drop the
    same words, so a query means the same on each."""
    return StopFilter(lang=lang if lang in LANGUAGES else None).stops


def document(*, submission_id: int, title: str, texts: list[str], organisation: str | None, round_id: int,
             group: str, country: str | None, language: str, session_ids: list[int], published_ts: int,
             year: int) -> dict:
    """One search document from plain public values, in no engine's format (the caller takes
    them from ``public_document``; this module never sees a database object). Each engine
    turns it into its own; text goes into the fields of the document's language."""
    lang = field_language(language)
    doc = {
        "id": submission_id,
        "round": str(round_id),
        "group": group,
        "country": country or "",
        "language": language,
        "year": str(year),
        "sessions": [str(s) for s in sorted(session_ids)],
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

def engine_dir(index_dir: str | os.PathLike, engine_name: str) -> Path:
    """Where ``engine_name`` keeps its generations under ``SEARCH_INDEX_DIR``."""
    path = Path(index_dir)
    return path if engine_name == "whoosh" else path / engine_name


def root(index_dir: str | os.PathLike) -> Path:
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def current_dir(index_dir) -> Path | None:
    """The live generation, or None when no index was ever built."""
    link = root(index_dir) / CURRENT
    return link.resolve() if link.exists() else None


def new_generation(index_dir, engine: Engine) -> Path:
    path = root(index_dir) / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    path.mkdir()
    engine.create(path)
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


def current_or_new(index_dir, engine: Engine) -> Path:
    """The live generation, creating an empty first one when there is none. Call with the
    drain lock held (flock is per open file: taking it again here would wait for ourselves)."""
    path = current_dir(index_dir)
    if path is None:
        path = new_generation(index_dir, engine)
        write_position(path, {"last_id": 0, "gaps": {}})
        swap_in(index_dir, path)
    return path


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
