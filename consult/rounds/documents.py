"""Background documents of a round: uploaded by its conveners under the same rules as
submissions' attachments (type from the content, size limit, safe names), public with
the round."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from consult import audit, db
from consult.rounds.models import Round, RoundDocument
from consult.submissions import attachments as files

MAX_DOCUMENTS = 10


def add_documents(round_: Round, uploads: Sequence, *, actor) -> list[str]:
    """Store each upload that passes; a message for each one refused."""
    problems: list[str] = []
    max_bytes = round_.max_attachment_mb * 1024 * 1024
    for upload in uploads:
        if len(round_.documents) >= MAX_DOCUMENTS:
            problems.append(_("%(name)s: a round holds at most %(n)d documents.", name=upload.filename, n=MAX_DOCUMENTS))
            continue
        try:
            stored = files.store_upload(upload, max_bytes=max_bytes)
        except files.AttachmentRefused as exc:
            problems.append(f"{files.upload_label(upload)}: {exc}")
            continue
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
