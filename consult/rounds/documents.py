"""Background documents of a round: uploaded by its conveners under the same rules as
submissions' attachments (type from the content, size limit, safe names), public with
the round. Their text is not read in the request (a web worker never extracts text): when
round documents become searchable, the indexer's process reads it as it does attachments'."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from flask_babel import gettext as _
from consult import audit, db
from consult.rounds.models import Round, RoundDocument
from consult import files

MAX_DOCUMENTS = 10


def add_documents(round_: Round, uploads: Sequence, *, actor) -> list[str]:
    """Store each upload that passes; a message for each one refused."""
    max_bytes = round_.max_attachment_mb * 1024 * 1024
    stored_files, problems = files.write_while_room(
        files.prepare_uploads(uploads, max_bytes=max_bytes), max_bytes=max_bytes,
        room=MAX_DOCUMENTS - len(round_.documents),
        full=lambda name: _("%(name)s: a round holds at most %(n)d documents.", name=name, n=MAX_DOCUMENTS),
    )
    for stored in stored_files:
        document = RoundDocument(**vars(stored))
        round_.documents.append(document)
        db.session.flush()
        audit.record(actor, "add_document", round_, document_id=document.id, sha256=stored.sha256)
    return problems


def remove_document(round_: Round, document: RoundDocument, *, actor) -> None:
    key = document.storage_key
    round_.documents.remove(document)
    audit.record(actor, "remove_document", round_, filename=document.filename, sha256=document.sha256)
    db.session.flush()
    files.discard_after_commit(key)


def stored_path(document: RoundDocument) -> Path | None:
    """Where the document's file is, or None when it is not there (a malformed key is as
    missing as a deleted file)."""
    try:
        path = files.path_for(document.storage_key)
    except ValueError:
        return None
    return path if path.exists() else None
