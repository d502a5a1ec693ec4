"""Operations that change submissions. The only code that assigns ``Submission.state``.

``actor`` is the person acting, or ``None`` for the platform itself (CLI, demo loader,
offline import), which is trusted with any transition in the table and audited as such.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import gettext as _
from sqlalchemy import and_, select, update

from consult import audit, db, mail
from consult.audit import AuditEvent
from consult.db import utcnow
from consult.organisations.models import Organisation
from consult.rounds.models import Round, RoundSession
from consult import search_outbox as outbox
from consult import files as attachment_files
from consult.submissions import language as languages
from consult.files import PreparedFile
from consult.submissions.queries import start_problem
from consult.submissions.models import Answer, Attachment, Consent, Submission, SubmissionVersion
from consult.submissions.states import REASON_REQUIRED, TRANSITIONS, Action, State


class TransitionRefused(Exception):
    """The action is not allowed from this state or for this person; nothing changed."""


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
    **fields,
) -> None:
    """Store the form's content (answers by question id, sessions, title, summary, ...)."""
    by_question = {a.question_id: a for a in submission.answers}
    for question_id, text in answers.items():
        if question_id in by_question:
            by_question[question_id].text = text
        else:
            submission.answers.append(Answer(question_id=question_id, text=text))
    if sessions is not None:
        submission.sessions = list(sessions)
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
        created_by_id=getattr(actor, "id", None),
    )
    submission.versions.append(version)
    return version


def transition(submission: Submission, action: Action, *, actor, reason: str | None = None) -> State:
    """Apply ``action`` if the table allows it for ``actor``; write the audit row."""
    key = (submission.state, action)
    if key not in TRANSITIONS:
        raise TransitionRefused(f"A submission that is {submission.state.label.lower()} cannot be {action.value}ed.")
    new_state, allowed = TRANSITIONS[key]
    if actor is not None and not (submission.actors(actor) & allowed):
        raise TransitionRefused("You are not allowed to do this to this submission.")
    if action in REASON_REQUIRED and actor is not None and not (reason or "").strip():
        raise TransitionRefused("Please give a reason.")
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
    return new_state


# --- the organisation's form: start, save, send, withdraw -------------------------------

class StaleForm(Exception):
    """The form was opened before the submission last changed (another tab, a double click)."""


class StartRefused(Exception):
    """This organisation may not start a submission in this round (the message says why)."""


class InputClosed(Exception):
    """The round no longer accepts input for this submission; the draft is kept."""


def start(round_: Round, organisation: Organisation, *, actor, form_token: str,
          interface_language: str | None = None) -> Submission:
    """A new draft, or the one this very form already created (a double-clicked button),
    in the person's interface language when the round accepts it.

    The round's row is locked first (``FOR UPDATE``; SQLite writers are serialised anyway),
    so two concurrent requests cannot both pass the one-per-organisation check."""
    db.session.execute(select(Round.id).where(Round.id == round_.id).with_for_update())
    earlier = db.session.scalar(
        select(Submission)
        .join(AuditEvent, and_(AuditEvent.object_type == "submissions", AuditEvent.object_id == Submission.id))
        .where(AuditEvent.action == "start", AuditEvent.details["form_token"].as_string() == form_token,
               Submission.organisation_id == organisation.id)
    )
    if earlier is not None:
        return earlier
    problem = start_problem(round_, organisation, actor)
    if problem:
        raise StartRefused(problem)
    submission = create_draft(round_, organisation, actor=actor,
                              language=languages.starting_language(round_.languages, interface_language))
    audit.record(actor, "start", submission, form_token=form_token)
    db.session.flush()
    return submission


def _check_version(submission: Submission, expected_version) -> None:
    if str(expected_version or "") != str(submission.lock_version):
        raise StaleForm()


def save(submission: Submission, *, actor, content: Mapping, files: Sequence[PreparedFile] = (),
         remove_attachment_ids: Sequence[int] = (), expected_version=None) -> list[str]:
    """Keep what was typed in a draft (or a text returned for changes), add the uploaded
    files and remove the ones asked; returns the refused files' messages."""
    _check_version(submission, expected_version)
    _store_content(submission, actor, content)
    problems = add_attachments(submission, files, actor=actor)
    for attachment in [a for a in submission.attachments if a.id in set(remove_attachment_ids)]:
        remove_attachment(submission, attachment, actor=actor)
    return problems


def _store_content(submission: Submission, actor, content: Mapping) -> None:
    ids = set(content.get("session_ids") or [])
    sessions = [s for s in submission.round.sessions if s.id in ids]
    language, chosen = _language_of(submission, content)
    save_content(
        submission, actor=actor, answers=content["answers"], sessions=sessions,
        title=content["title"][:300], summary=content["summary"], language=language, language_chosen=chosen,
        consent=content["consent"],
    )


def _language_of(submission: Submission, content: Mapping) -> tuple[str, bool]:
    """(language, chosen by the person). A value other than the stored one is the person's
    choice, now or earlier, and always wins; otherwise the text may correct the default
    when it is clearly another of the round's languages."""
    posted = content["language"]
    if submission.language_chosen or posted != submission.language:
        return posted, True
    text = "\n".join([content["title"], content["summary"], *content["answers"].values()])
    return languages.clear_language(text, submission.round.languages) or posted, False


def send(submission: Submission, *, actor, content: Mapping, files: Sequence[PreparedFile] = (),
         expected_version=None, now=None) -> list[str]:
    """Store the text and send it (a new version each time). Refused files stop the
    sending but their draft's text is kept. Raises InputClosed after the deadline (the
    draft's text is still saved) and StaleForm for an outdated form."""
    _check_version(submission, expected_version)
    if submission.is_draft_like:
        _store_content(submission, actor, content)
    if not submission.accepts_input_now(now):
        raise InputClosed()
    if submission.is_draft_like:
        problems = add_attachments(submission, files, actor=actor)
        if problems:
            return problems
    else:
        # A text already received changes only as a whole new version: all or nothing.
        savepoint = db.session.begin_nested()
        _store_content(submission, actor, content)
        earlier = {a.storage_key for a in submission.attachments}
        problems = add_attachments(submission, files, actor=actor)
        if problems:
            written = [a.storage_key for a in submission.attachments if a.storage_key not in earlier]
            savepoint.rollback()
            for key in written:  # their rows are gone with the savepoint: so are they
                attachment_files.discard(key)
            return problems
        savepoint.commit()
    transition(submission, Action.SUBMIT, actor=actor)
    _queue_receipt(submission, actor)
    return []


def withdraw(submission: Submission, *, actor, expected_version=None) -> None:
    _check_version(submission, expected_version)
    transition(submission, Action.WITHDRAW, actor=actor)


def add_attachments(submission: Submission, files: Sequence[PreparedFile], *, actor) -> list[str]:
    """Store each file that passes the round's limits; messages for those refused."""
    round_ = submission.round
    stored_files, problems = attachment_files.write_while_room(
        list(files), max_bytes=round_.max_attachment_mb * 1024 * 1024,
        room=round_.max_attachments - len(submission.attachments),
        full=lambda name: _("%(name)s: at most %(n)d files may be attached.", name=name, n=round_.max_attachments),
    )
    for stored in stored_files:
        attachment = Attachment(**vars(stored))
        submission.attachments.append(attachment)
        db.session.flush()
        audit.record(actor, "attach", submission, attachment_id=attachment.id, sha256=stored.sha256)
    return problems


def remove_attachment(submission: Submission, attachment: Attachment, *, actor) -> None:
    key = attachment.storage_key
    submission.attachments.remove(attachment)
    audit.record(actor, "detach", submission, filename=attachment.filename, sha256=attachment.sha256)
    db.session.flush()
    attachment_files.discard_after_commit(key)


def _queue_receipt(submission: Submission, actor) -> None:
    email = getattr(actor, "email", None)
    if not email:
        return
    version = submission.versions[-1]
    mail.queue(
        email,
        _("Received: %(reference)s", reference=submission.reference),
        "submission_receipt",
        submission=submission,
        version=version,
        questions={str(q.id): q for q in submission.round.questions},
        attachments=received_attachments(submission, version),
    )


def received_attachments(submission: Submission, version: SubmissionVersion) -> list[Attachment]:
    """The files that were part of ``version`` (files can only be removed from drafts)."""
    return [a for a in submission.attachments if a.created_at is None or a.created_at <= version.created_at]
