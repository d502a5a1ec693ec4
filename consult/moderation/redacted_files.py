"""A redacted version of an attachment that a moderator uploads: the public downloads it in
the attachment's place (its own name), search reads its text, exports and the API link to
it; the original stays for the staff and the organisation. Both changes are audited.

The upload is checked like any other (type from the content, the round's size limit); its
text is read by the indexer's process, as an attachment's is.
"""
from __future__ import annotations

from flask_babel import gettext as _

from consult import audit, db
from consult import files as stored_files
from consult import search_outbox as outbox
from consult.files import PreparedFile
from consult.moderation.models import RedactedFile
from consult.moderation.services import can_decide
from consult.submissions.models import Attachment
from consult.web import Refused


class RedactedFileRefused(Refused):
    """The redacted version cannot be put in place (or taken away) as asked; the message says why."""


def upload_redacted_file(attachment: Attachment, prepared: PreparedFile | None, *, actor) -> RedactedFile:
    """Put the moderator's redacted version in place of ``attachment`` for the public. A second
    upload replaces the first one (whose file goes after the commit)."""
    submission = attachment.submission
    if actor is not None and not can_decide(submission, actor):
        raise RedactedFileRefused(_("You are not allowed to decide on this submission."))
    if prepared is None:
        raise RedactedFileRefused(_("Choose the redacted file to upload."), field="file")
    try:
        stored = stored_files.write(prepared, max_bytes=submission.round.max_attachment_mb * 1024 * 1024)
    except stored_files.AttachmentRefused as exc:
        raise RedactedFileRefused(exc.message, field="file") from None
    previous = attachment.redacted_file
    if previous is not None:
        _drop(attachment, previous, actor=actor, action="replace_redacted_file")
    redacted = RedactedFile(attachment=attachment, created_by_id=getattr(actor, "id", None), **vars(stored))
    db.session.add(redacted)
    db.session.flush()
    audit.record(actor, "upload_redacted_file", submission, attachment_id=attachment.id,
                 original_sha256=attachment.sha256, sha256=stored.sha256)
    outbox.enqueue(submission.id)
    return redacted


def remove_redacted_file(attachment: Attachment, *, actor) -> None:
    """Revert: the public gets the original file again (with its passage redactions)."""
    if actor is not None and not can_decide(attachment.submission, actor):
        raise RedactedFileRefused(_("You are not allowed to decide on this submission."))
    redacted = attachment.redacted_file
    if redacted is None:
        raise RedactedFileRefused(_("This file has no redacted version to remove."))
    _drop(attachment, redacted, actor=actor, action="remove_redacted_file")
    outbox.enqueue(attachment.submission_id)


def _drop(attachment: Attachment, redacted: RedactedFile, *, actor, action: str) -> None:
    audit.record(actor, action, attachment.submission, attachment_id=attachment.id, filename=redacted.filename,
                 sha256=redacted.sha256)
    attachment.redacted_file = None  # delete-orphan: the row goes now, its file after the commit
    db.session.flush()
    stored_files.discard_after_commit(redacted.storage_key)
