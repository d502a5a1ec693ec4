"""The personal-data detector's findings, kept per text version.

The detector reads about a megabyte a second, and the review page flags every part of a
submission, attached papers included, on every view. A long text (a file's text, as a rule)
is therefore scanned once: by the indexer's process when it reads a file (``remember``), or
else on the first view. Its findings are kept under the text's sha256 and the countries
whose phone formats were tried, in the database (shared by every worker) when the indexer
scanned it, and in this process's memory otherwise (a GET writes nothing). Short texts
(answers, summaries) cost less to scan than to look up and are scanned each time.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from threading import Lock

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult import db
from consult.moderation.models import PersonalDataScan
from consult.moderation.personal_data import Finding, Kind, find

CACHED_FROM_CHARS = 4000
MEMORY_ENTRIES = 512

_memory: OrderedDict[tuple[str, str], list] = OrderedDict()
_lock = Lock()


def regions_key(regions: Iterable[str]) -> str:
    return ",".join(sorted({r.upper() for r in regions if r}))[:40]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _spans(findings: list[Finding]) -> list[list]:
    return [[f.kind.value, f.start, f.end] for f in findings]


def _findings(text: str, spans: list[list]) -> list[Finding]:
    return [Finding(Kind(kind), start, end, text[start:end]) for kind, start, end in spans]


def findings_for(texts: list[str], regions: list[str]) -> list[list[Finding]]:
    """The detector's findings in each text, in order; long texts from a kept scan if there is one."""
    key = regions_key(regions)
    digests = {text: digest(text) for text in texts if len(text) >= CACHED_FROM_CHARS}
    stored = dict(db.session.execute(
        select(PersonalDataScan.text_sha256, PersonalDataScan.findings)
        .where(PersonalDataScan.regions == key, PersonalDataScan.text_sha256.in_(set(digests.values())))
    ).all()) if digests else {}
    result = []
    for text in texts:
        if text not in digests:
            result.append(find(text, regions))
            continue
        spans = stored.get(digests[text])
        if spans is None:
            spans = _remembered(digests[text], key)
        if spans is None:
            spans = _spans(find(text, regions))
            _keep(digests[text], key, spans)
        result.append(_findings(text, spans))
    return result


def _remembered(text_digest: str, key: str) -> list | None:
    with _lock:
        spans = _memory.get((text_digest, key))
        if spans is not None:
            _memory.move_to_end((text_digest, key))
        return spans


def _keep(text_digest: str, key: str, spans: list) -> None:
    with _lock:
        _memory[(text_digest, key)] = spans
        while len(_memory) > MEMORY_ENTRIES:
            _memory.popitem(last=False)


def remember(text: str, regions: list[str]) -> None:
    """Scan a long text now and keep its findings for every worker (the indexer's process,
    when it has read a file's text; the caller commits). Already kept: nothing to do."""
    if len(text) < CACHED_FROM_CHARS:
        return
    key, text_digest = regions_key(regions), digest(text)
    exists = db.session.scalar(select(PersonalDataScan.id).where(
        PersonalDataScan.text_sha256 == text_digest, PersonalDataScan.regions == key))
    if exists is not None:
        return
    savepoint = db.session.begin_nested()
    try:
        db.session.add(PersonalDataScan(text_sha256=text_digest, regions=key, findings=_spans(find(text, regions))))
        savepoint.commit()
    except IntegrityError:  # another server's indexer kept it first
        savepoint.rollback()
