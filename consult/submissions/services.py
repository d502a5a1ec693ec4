"""Operations that change submissions. The only code that assigns ``Submission.state``.

``actor`` is the person acting, or ``None`` for the platform itself (CLI, demo loader,
offline import), which is trusted with any transition in the table and audited as such.
The organisation's form (start, save, send, withdraw) builds on these in ``sending.py``.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import partial

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from consult import audit, db
from consult import files as attachment_files
from consult import search_outbox as outbox
from consult.db import utcnow
from consult.organisations.models import Organisation
from consult.rounds.models import Round, RoundSession
from consult.files import PreparedFile
from consult.submissions.models import Answer, Attachment, Consent, RedactionReason, Submission, SubmissionVersion
from consult.submissions.signals import submission_received
from consult.submissions.states import REASON_REQUIRED, TRANSITIONS, Action, State
from consult.web import Refused


class TransitionRefused(Refused):
    """The action is not allowed from this state or for this person; nothing changed."""


# One whole sentence per action, so that each can be translated (never "hide" + "ed").
NOT_FROM_HERE = {
    Action.SUBMIT: _l("A submission that is %(state)s cannot be sent."),
    Action.WITHDRAW: _l("A submission that is %(state)s cannot be withdrawn."),
    Action.PUBLISH: _l("A submission that is %(state)s cannot be published."),
    Action.REQUEST_CHANGES: _l("A submission that is %(state)s cannot be returned for changes."),
    Action.REJECT: _l("A submission that is %(state)s cannot be rejected."),
    Action.HIDE: _l("A submission that is %(state)s cannot be hidden."),
    Action.RESTORE: _l("A submission that is %(state)s cannot be restored."),
    Action.CONTEST: _l("A submission that is %(state)s cannot be contested."),
}


def next_reference(round_: Round) -> str:
    """Short, readable and unique (e.g. ``HLD3-2026-0042``), allocated atomically."""
    number = db.session.execute(
        update(Round)
        .where(Round.id == round_.id)
        .values(submission_counter=Round.submission_counter + 1)
        .returning(Round.submission_counter),
        execution_options={"synchronize_session": False},
    ).scalar_one()
    return f"{round_.reference_prefix}-{round_.opens_at.year}-{number:04d}"


def create_draft(
    round_: Round,
    organisation: Organisation,
    *,
    actor,
    title: str = "",
    summary: str = "",
    language: str = "en",
    consent: Consent = Consent.NAMED,
    imported: bool = False,
) -> Submission:
    submission = Submission(
        reference=next_reference(round_),
        round=round_,
        organisation=organisation,
        author_id=getattr(actor, "id", None),
        state=State.DRAFT,
        title=title,
        summary=summary,
        language=language,
        consent=consent,
        imported=imported,
    )
    db.session.add(submission)
    db.session.flush()
    audit.record(actor, "create", submission, to_state=State.DRAFT)
    return submission


def save_content(
    submission: Submission,
    *,
    actor,
    answers: Mapping[int, str],
    sessions: Sequence[RoundSession] | None = None,
    confidential_question_ids: Collection[int] | None = None,
    confidential_attachment_ids: Collection[int] | None = None,
    **fields,
) -> None:
    """Store the form's content (answers by question id, sessions, title, summary, ...) and
    which answers and files the author keeps for the conveners (when given)."""
    by_question = {a.question_id: a for a in submission.answers}
    for question_id, text in answers.items():
        if question_id in by_question:
            by_question[question_id].text = text
        else:
            submission.answers.append(Answer(question_id=question_id, text=text))
    if sessions is not None:
        submission.sessions = list(sessions)
    if confidential_question_ids is not None:
        for answer in submission.answers:
            answer.confidential = answer.question_id in set(confidential_question_ids)
    if confidential_attachment_ids is not None:
        for attachment in submission.attachments:
            attachment.confidential = attachment.id in set(confidential_attachment_ids)
    was_public = submission.is_public()
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.lock_version += 1
    if was_public or submission.is_public():
        outbox.enqueue(submission.id)
    audit.record(actor, "edit", submission)
    db.session.flush()


def snapshot(submission: Submission, *, actor) -> SubmissionVersion:
    """Keep a copy of exactly what was received; each (re)submission adds a version."""
    version = SubmissionVersion(
        number=len(submission.versions) + 1,
        title=submission.title,
        summary=submission.summary,
        letter=submission.letter,
        language=submission.language,
        answers={str(a.question_id): a.text for a in submission.answers},
        confidential={"answers": sorted(a.question_id for a in submission.answers if a.confidential),
                      "attachments": sorted(a.id for a in submission.attachments if a.confidential)},
        created_by_id=getattr(actor, "id", None),
    )
    submission.versions.append(version)
    return version


def transition(submission: Submission, action: Action, *, actor, reason: str | None = None) -> State:
    """Apply ``action`` if the table allows it for ``actor``; write the audit row."""
    key = (submission.state, action)
    if key not in TRANSITIONS:
        raise TransitionRefused(str(NOT_FROM_HERE[action]) % {"state": submission.state.label.lower()})
    new_state, allowed = TRANSITIONS[key]
    if actor is not None and not (submission.actors(actor) & allowed):
        raise TransitionRefused(_("You are not allowed to do this to this submission."))
    if action in REASON_REQUIRED and actor is not None and not (reason or "").strip():
        raise TransitionRefused(_("Please give a reason."), field="reason")
    old_state = submission.state
    now = utcnow()
    submission.state = new_state
    if action == Action.SUBMIT:
        submission.submitted_at = now
        snapshot(submission, actor=actor)
    if new_state == State.PUBLISHED and submission.published_at is None:
        submission.published_at = now
    submission.lock_version += 1
    if State.PUBLISHED in (old_state, new_state):
        outbox.enqueue(submission.id)
    audit.record(actor, action.value, submission, from_state=old_state, to_state=new_state, reason=reason)
    db.session.flush()
    if action == Action.SUBMIT:  # every way in (form, import, letter) sends through here
        submission_received.send(submission)
    return new_state


def add_attachments(submission: Submission, files: Sequence[PreparedFile], *, actor,
                    confidential: bool = False) -> list[str]:
    """Store each file that passes the round's limits (``confidential``: for the conveners
    only, at the author's request); messages for those refused."""
    round_ = submission.round
    stored_files, problems = attachment_files.write_while_room(
        list(files), max_bytes=round_.max_attachment_mb * 1024 * 1024,
        room=round_.max_attachments - len(submission.attachments),
        full=lambda name: _("%(name)s: at most %(n)d files may be attached.", name=name, n=round_.max_attachments),
    )
    attachment_files.add_rows(submission, submission.attachments, stored_files,
                              partial(Attachment, confidential=confidential), actor=actor,
                              action="attach", id_name="attachment_id")
    return problems


def remove_attachment(submission: Submission, attachment: Attachment, *, actor) -> None:
    attachment_files.remove_row(submission, submission.attachments, attachment, actor=actor, action="detach")


def received_attachments(submission: Submission, version: SubmissionVersion) -> list[Attachment]:
    """The files that were part of ``version`` (files can only be removed from drafts)."""
    return [a for a in submission.attachments if a.created_at is None or a.created_at <= version.created_at]


class AttachmentChangeRefused(Refused):
    """A file cannot be withheld, released or replaced as asked; the message says why."""


def withhold_attachment(attachment: Attachment, *, actor, reason: RedactionReason, note: str | None = None) -> None:
    """Keep a file from the public (staff and the organisation keep it); audited, re-indexed."""
    if attachment.withheld_reason is not None:
        raise AttachmentChangeRefused(_("This file is already withheld."))
    attachment.withheld_reason = reason
    attachment.withheld_at = utcnow()
    audit.record(actor, "withhold_attachment", attachment.submission, reason=(note or "").strip() or None,
                 attachment_id=attachment.id, withheld_reason=reason.value)
    outbox.enqueue(attachment.submission_id)
    db.session.flush()


def release_attachment(attachment: Attachment, *, actor) -> None:
    """Make a withheld file public again with its submission; audited, re-indexed."""
    if attachment.withheld_reason is None:
        raise AttachmentChangeRefused(_("This file is not withheld."))
    audit.record(actor, "release_attachment", attachment.submission, attachment_id=attachment.id,
                 withheld_reason=attachment.withheld_reason.value)
    attachment.withheld_reason = None
    attachment.withheld_at = None
    outbox.enqueue(attachment.submission_id)
    db.session.flush()


def request_replacement(attachment: Attachment, *, actor) -> None:
    """Mark a file for the organisation to replace (with a request for changes); audited."""
    attachment.replacement_requested = True
    audit.record(actor, "request_replacement", attachment.submission, attachment_id=attachment.id)
    db.session.flush()


def replace_attachment(attachment: Attachment, prepared: PreparedFile | None, *, actor) -> None:
    """The organisation puts a new file in place of one a moderator asked it to replace: typed
    and capped like any upload; the text is read again; the old file goes after the commit."""
    submission = attachment.submission
    if not (attachment.replacement_requested and submission.state == State.CHANGES_REQUESTED):
        raise AttachmentChangeRefused(_("This file can be replaced only when a moderator asks for it."))
    if prepared is None:
        raise attachment_files.AttachmentRefused(_("Choose the file to put in its place."))
    stored = attachment_files.write(prepared, max_bytes=submission.round.max_attachment_mb * 1024 * 1024)
    old_key, old_sha = attachment.storage_key, attachment.sha256
    for name, value in vars(stored).items():
        setattr(attachment, name, value)
    attachment.extracted_text = None
    attachment.text_incomplete = False
    attachment.replacement_requested = False
    # A moderator's redacted version was made from the old file: it goes with it.
    stale = attachment.redacted_file
    attachment.redacted_file = None
    submission.lock_version += 1
    audit.record(actor, "replace_attachment", submission, attachment_id=attachment.id, old_sha256=old_sha,
                 sha256=stored.sha256, redacted_version_removed=stale is not None)
    db.session.flush()
    attachment_files.discard_after_commit(old_key)
    if stale is not None:
        attachment_files.discard_after_commit(stale.storage_key)
