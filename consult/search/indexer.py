"""The write side: drain the outbox into the live index; rebuild a fresh index from scratch.

Outbox ids come from a sequence, and on PostgreSQL a transaction that took id 10 may commit
after one that took id 11. A drain that simply remembered "11" would never see 10, so the
position also keeps the *gaps* below it, with the time each was first seen, and keeps
asking for them until they appear or are older than ``GAP_PATIENCE`` seconds (a rolled-back
transaction leaves a gap that never fills).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app

from sqlalchemy import func, or_, select, update

from consult import db
from consult import search_outbox as outbox
from consult.campaigns import search as campaign_search
from consult.campaigns.text import public_own_words
from consult.db import utcnow
from consult.moderation import flags, scans
from consult.moderation.models import RedactedFile
from consult.organisations.models import Organisation
from consult.rounds.models import PublicationPolicy, Round
from consult.search import engine as engines
from consult.search import index
from consult.search_outbox import SearchOutbox
from consult.submissions import extraction
from consult.submissions import queries as submission_queries
from consult.submissions.models import Attachment, Submission
from consult.submissions.public_text import public_attachment_texts, public_document
from consult.submissions.states import State

log = logging.getLogger(__name__)
GAP_PATIENCE = 300.0
BATCH = 500


@dataclass
class DrainReport:
    entries: int = 0
    indexed: int = 0
    removed: int = 0
    files_read: int = 0
    busy: bool = False


def _load(ids: Iterable[int]) -> list[Submission]:
    return submission_queries.by_ids(ids, *submission_queries.eager(with_text=True))


@contextmanager
def neutral_locale():
    """Index text in the default locale (the redaction markers are translated strings):
    a drain runs after the response or from the CLI, where there is no visitor's locale."""
    with current_app.test_request_context("/"):
        yield


def document_for(submission: Submission, only_own_words: str | None = None) -> dict | None:
    """The search document of a public submission: only public text, redactions applied.
    ``only_own_words``: a campaign letter that does not stand for its campaign is indexed with
    its own words alone, and not at all without any (None: see ``campaigns.queries.search_roles``)."""
    public = public_document(submission)
    org: Organisation = submission.organisation
    published = submission.published_at
    title = public.title
    texts = [public.summary, public.letter, *(text for _question, text in public.answers)]
    texts += public_attachment_texts(submission)  # withheld files left out, redactions applied
    if only_own_words is not None:
        if not only_own_words.strip():
            return None
        title, texts = "", [public_own_words(submission, only_own_words)]
    return index.document(
        submission_id=submission.id,
        title=title,
        texts=texts,
        organisation=submission.public_name,
        round_id=submission.round_id,
        group=org.stakeholder_group.value,
        country=org.country,
        language=submission.language,
        session_ids=[s.id for s in submission.sessions],
        published_ts=int(published.timestamp()) if published else 0,
        year=published.year if published else 0,
    )


def read_pending_attachments(submission_ids: Iterable[int] | None = None, now: datetime | None = None) -> int:
    """Read the text of the files that have none yet, of public submissions and of those
    waiting for a moderator (who reads it on the review page), and keep it. For the
    indexer's process only (``search drain|watch|reindex``): a web worker never reads a file.

    Each file's text is committed with an outbox entry for its submission, so the next
    drain re-indexes it with the text, even when a drain after a request has already
    indexed it without; a crash before that commit only means the file is read again.
    ``""`` marks a file with no readable text, so that it is not read again. The redacted
    versions moderators upload in place of files are read the same way."""
    budget = extraction.Budget.from_config()
    clause = [or_(Submission.public_clause(now), Submission.state == State.SUBMITTED)]
    if submission_ids is not None:
        clause.append(Attachment.submission_id.in_(list(submission_ids)))
    read = 0
    for model in (Attachment, RedactedFile):
        query = select(model.id, Attachment.submission_id, model.storage_key, model.content_type)
        query = query.select_from(RedactedFile).join(Attachment) if model is RedactedFile else query
        read += _read_files(model, query.join(Submission, Attachment.submission_id == Submission.id)
                            .where(model.extracted_text.is_(None), *clause).order_by(model.id).limit(20), budget)
    return read


def _read_files(model, pending_query, budget: extraction.Budget) -> int:
    read = 0
    while True:
        pending = db.session.execute(pending_query).all()
        db.session.rollback()  # end the read: each file's update is its own short transaction
        if not pending:
            return read
        for row in pending:
            result = extraction.read_stored(row.storage_key, row.content_type, budget)
            written = db.session.execute(
                update(model).where(model.id == row.id, model.extracted_text.is_(None))
                .values(extracted_text=result.text, text_incomplete=not result.complete)
            ).rowcount
            if written:  # another server's indexer may have read it first
                outbox.enqueue(row.submission_id)
                # Scanned for personal data here, once, rather than on each view of the review page.
                scans.remember(result.text, flags.regions(db.session.get(Submission, row.submission_id)))
            db.session.commit()
            read += 1


def _apply(w: engines.IndexWriter, submission_ids: set[int], now: datetime) -> tuple[int, int]:
    roles = campaign_search.search_roles(submission_ids)
    loaded = {s.id: s for s in _load(roles.refresh)}
    indexed = removed = 0
    for sid in sorted(roles.refresh):
        submission = loaded.get(sid)
        document = None
        if submission is not None and submission.is_public(now):
            document = document_for(submission, roles.own_words.get(sid))
        if document is not None:
            w.replace(document)
            indexed += 1
        else:
            w.remove(sid)
            removed += 1
    return indexed, removed


def engine_named(name: str | None) -> engines.Engine:
    """The engine called ``name``, by default the one the app is configured with."""
    return engines.get(name) if name else engines.configured(current_app.config)


def drain(index_dir, *, wait: bool = False, now: datetime | None = None, read_files: bool = False,
          engine: str | None = None) -> DrainReport:
    """Apply every outbox entry the live index (of ``engine``, by default the configured
    one) has not seen. With ``wait=False`` (web workers) a busy lock means "someone else is
    draining": return at once. With ``read_files`` (the indexer's process, never a web
    worker) first read the text of the files that have none yet; without it a submission is
    indexed without the text of files not read yet, and gets it when they are."""
    now = now or utcnow()
    report = DrainReport()
    chosen = engine_named(engine)
    index_dir = index.engine_dir(index_dir, chosen.name)
    if read_files:
        # Outside the index lock: drains after requests keep indexing while a file is read.
        report.files_read = read_pending_attachments(now=now)
    try:
        with index.drain_lock(index_dir, wait=wait), neutral_locale():
            generation = index.current_or_new(index_dir, chosen)
            position = _enqueue_closed_rounds(index.read_position(generation), now)
            index.write_position(generation, position)
            while True:
                batch = _pending(position)
                if not batch:
                    break
                w = chosen.writer(generation)
                try:
                    indexed, removed = _apply(w, {row.submission_id for row in batch}, now)
                except BaseException:
                    w.cancel()
                    raise
                w.commit()
                report.entries += len(batch)
                report.indexed += indexed
                report.removed += removed
                position = _advance(position, [row.id for row in batch])
                # Written after the index's commit: a crash in between re-applies the batch,
                # which is harmless because "refresh" is idempotent.
                index.write_position(generation, position)
                db.session.rollback()  # end the read transaction; see fresh rows next batch
    except index.Busy:
        report.busy = True
    return report


def _enqueue_closed_rounds(position: dict, now: datetime) -> dict:
    """A round that publishes at close makes its approved input public when its deadline
    passes, a moment no request marks: each drain refreshes the input of the rounds that
    closed since the previous one (``clock`` in the position)."""
    if position.get("clock") is not None:
        since = datetime.fromtimestamp(position["clock"], timezone.utc)
        ids = list(db.session.scalars(
            select(Submission.id).join(Round)
            .where(Submission.state == State.PUBLISHED, Round.publication_policy == PublicationPolicy.AT_CLOSE,
                   Round.closes_at > since, Round.closes_at <= now)
        ))
        if ids:
            db.session.rollback()  # end the read: the inserts take their own write transaction
            for submission_id in ids:
                outbox.enqueue(submission_id)
            db.session.commit()
    return position | {"clock": now.timestamp()}


def _pending(position: dict) -> list[SearchOutbox]:
    gap_ids = [int(g) for g in position["gaps"]]
    clause = SearchOutbox.id > position["last_id"]
    if gap_ids:
        clause = or_(clause, SearchOutbox.id.in_(gap_ids))
    return list(db.session.scalars(select(SearchOutbox).where(clause).order_by(SearchOutbox.id).limit(BATCH)))


def _advance(position: dict, applied: list[int]) -> dict:
    now = time.time()
    gaps = {k: v for k, v in position["gaps"].items() if int(k) not in applied and now - v < GAP_PATIENCE}
    last = position["last_id"]
    for entry_id in sorted(applied):
        if entry_id > last:
            gaps.update({str(missing): now for missing in range(last + 1, entry_id)})
            last = entry_id
    return position | {"last_id": last, "gaps": gaps}


def public_ids_query():
    return select(Submission.id).where(Submission.public_clause())


def reindex(index_dir, *, progress: Callable[[int, int], None] | None = None, procs: int = 2,
            engine: str | None = None) -> tuple[int, float]:
    """Build a fresh generation of ``engine``'s index (by default the configured engine's)
    from the database and swap it in. Returns (documents, seconds).

    The outbox position is read *before* the submissions, so whatever changes during the
    rebuild is re-applied by the next drain."""
    started = time.monotonic()
    chosen = engine_named(engine)
    index_dir = index.engine_dir(index_dir, chosen.name)
    clock = utcnow().timestamp()  # rounds closing from here on are the next drain's
    last_id = db.session.scalar(select(func.max(SearchOutbox.id))) or 0
    ids = list(db.session.scalars(public_ids_query().order_by(Submission.id)))
    generation = index.new_generation(index_dir, chosen)
    w = chosen.writer(generation, bulk=True, procs=procs)
    done = documents = 0
    try:
        with neutral_locale():
            for start in range(0, len(ids), BATCH):
                chunk = ids[start:start + BATCH]
                read_pending_attachments(chunk)
                roles = campaign_search.search_roles(set(chunk), expand=False)
                for submission in _load(chunk):
                    document = document_for(submission, roles.own_words.get(submission.id)) \
                        if submission.is_public() else None
                    if document is not None:
                        w.add(document)
                        documents += 1
                done += len(chunk)
                db.session.expunge_all()  # keep memory flat over 100k submissions
                if progress:
                    progress(done, len(ids))
    except BaseException:
        w.cancel()
        raise
    w.commit()
    index.write_position(generation, {"last_id": last_id, "gaps": {}, "clock": clock})
    with index.drain_lock(index_dir, wait=True, timeout=600):
        index.swap_in(index_dir, generation)
    return documents, time.monotonic() - started


def status(index_dir, *, engine: str | None = None) -> dict:
    """Index count against public count (the drift check), and the outbox backlog."""
    chosen = engine_named(engine)
    index_dir = index.engine_dir(index_dir, chosen.name)
    public = db.session.scalar(select(func.count()).select_from(public_ids_query().subquery())) or 0
    # Campaign letters without own words are not indexed (their campaign's document stands for them).
    expected = public - campaign_search.letters_left_out_of_search()
    generation = index.current_dir(index_dir)
    indexed = None
    position = {"last_id": 0, "gaps": {}}
    if generation is not None:
        indexed = chosen.doc_count(generation)
        position = index.read_position(generation)
    backlog = db.session.scalar(select(func.count()).where(SearchOutbox.id > position["last_id"])) or 0
    return {
        "engine": chosen.name,
        "generation": generation.name if generation else None,
        "indexed": indexed,
        "public": public,
        "last_applied": position["last_id"],
        "gaps": len(position["gaps"]),
        "backlog": backlog,
        "expected": expected,
        "in_step": indexed == expected and backlog == 0,
    }
