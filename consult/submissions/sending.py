"""The organisation's form: start a draft, save it, send it, withdraw it.

``submit_form`` is the one call behind the form's two buttons ("save" and "send"): it does
what can be done and returns what happened (``FormResult``), so that the view only turns
that into a response. Its work is committed even when not everything was done: a refused
file or a passed deadline never costs the person the text they typed.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import and_, select

from consult import audit, db, mail
from consult import files as attachment_files
from consult.audit import AuditEvent
from consult.dates import full_datetime
from consult.files import PreparedFile
from consult.organisations import individuals
from consult.organisations.models import Organisation
from consult.rounds.models import Round
from consult.submissions import language as languages
from consult.submissions.models import Consent, Submission
from consult.submissions.queries import individuals_refused, start_problem
from consult.submissions.services import (
    add_attachments, create_draft, received_attachments, remove_attachment, save_content, transition,
)
from consult.submissions.states import Action
from consult.web import Refused


class StaleFormRefused(Refused):
    """The form was opened before the submission last changed (another tab, a double click)."""


class StartRefused(Refused):
    """This organisation may not start a submission in this round (the message says why)."""


class Outcome(StrEnum):
    SAVED = "saved"                        # the draft's text and files are kept
    SENT = "sent"                          # a new version was received
    FILES_REFUSED = "files_refused"        # the text is kept; some files were not (``problems``)
    INCOMPLETE = "incomplete"              # not sent: the form lacks what sending needs
    INPUT_CLOSED = "input_closed"          # not sent: past the deadline; the draft's text is kept
    ALREADY_RECORDED = "already_recorded"  # a repeated click: nothing was done twice
    STALE = "stale"                        # the form predates the last change: nothing done
    REFUSED = "refused"                    # a text already sent is not saved, only sent again


@dataclass
class FormResult:
    outcome: Outcome
    message: str | None = None  # for the person: why nothing (or not everything) was done
    problems: list[str] = field(default_factory=list)  # one per refused file
    saved: bool = False  # the stored draft changed: the form shows its new version


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
                              language=languages.starting_language(round_.languages, interface_language),
                              # a person is anonymous unless they choose to be named
                              consent=Consent.ANONYMOUS if organisation.is_individual else Consent.NAMED)
    audit.record(actor, "start", submission, form_token=form_token)
    db.session.flush()
    return submission


def start_as_myself(round_: Round, profile_values: Mapping, *, actor, form_token: str,
                    interface_language: str | None = None) -> Submission:
    """A draft the person sends as themselves, with their profile's details (kept for next time)."""
    if not round_.accepts_individuals:
        raise StartRefused(individuals_refused())
    profile = individuals.take_part_as_myself(profile_values, actor=actor)
    return start(round_, profile, actor=actor, form_token=form_token, interface_language=interface_language)


def _is_current(submission: Submission, expected_version) -> bool:
    return str(expected_version or "") == str(submission.lock_version)


def submit_form(submission: Submission, *, actor, content: Mapping, sending: bool, complete: bool = True,
                files: Sequence[PreparedFile] = (), remove_attachment_ids: Sequence[int] = (),
                expected_version=None, now=None) -> FormResult:
    """The form sent with "save" (``sending`` False) or "send". ``complete``: the form has
    everything sending needs (when it has not, a draft is saved and nothing is sent)."""
    if not _is_current(submission, expected_version):
        return _stale(submission, content, files, sending)
    if sending and not complete:
        if submission.is_draft_like:  # keep the draft; the form shows what is missing
            _store_content(submission, actor, content)
        return FormResult(Outcome.INCOMPLETE, saved=submission.is_draft_like)
    if sending:
        return _send(submission, actor=actor, content=content, files=files, now=now)
    if not submission.is_draft_like:
        return FormResult(Outcome.REFUSED, _("This text has already been sent: send it again to record your changes."))
    if not submission.can_remove_attachments(actor):
        remove_attachment_ids = ()
    problems = _save(submission, actor, content, files, remove_attachment_ids)
    return FormResult(Outcome.FILES_REFUSED if problems else Outcome.SAVED, problems=problems, saved=True)


def _stale(submission: Submission, content: Mapping, files: Sequence[PreparedFile], sending: bool) -> FormResult:
    """A form opened before the last change: a repeated click if what it holds (files
    included) is exactly what is stored, else another window's work, which is kept."""
    db.session.refresh(submission)
    stored = {a.question_id: a.text for a in submission.answers}
    repeated = (
        (not sending or bool(submission.versions))
        and all(stored.get(qid, "") == text for qid, text in content["answers"].items())
        and submission.title == content["title"] and submission.summary == content["summary"]
        and {f.sha256 for f in files} <= {a.sha256 for a in submission.attachments}
        and (not sending or not submission.is_draft_like)
    )
    if repeated:
        return FormResult(Outcome.ALREADY_RECORDED, _("We had already received this; nothing was sent twice.")
                          if sending else _("Draft saved."))
    return FormResult(Outcome.STALE, _("This submission was changed in another window after you opened this "
                                       "page. Your text is shown below: check it and send it once more."))


def save(submission: Submission, *, actor, content: Mapping, expected_version=None) -> None:
    """Keep what was typed in a draft (the autosave of the form's text)."""
    if not _is_current(submission, expected_version):
        raise StaleFormRefused(_("Not saved: this submission was changed in another window."))
    _store_content(submission, actor, content)


def _save(submission: Submission, actor, content: Mapping, files: Sequence[PreparedFile],
          remove_attachment_ids: Sequence[int]) -> list[str]:
    """Keep the text, add the uploaded files, remove the ones asked; the refused files' messages."""
    _store_content(submission, actor, content)
    problems = add_attachments(submission, files, actor=actor, confidential=_new_files_confidential(content))
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
        consent=content["consent"], on_behalf_of=content.get("on_behalf_of", submission.on_behalf_of)[:200],
        on_behalf_consent=content.get("on_behalf_consent", submission.on_behalf_consent),
        confidential_question_ids=content.get("confidential_question_ids"),
        confidential_attachment_ids=content.get("confidential_attachment_ids"),
    )


def _new_files_confidential(content: Mapping) -> bool:
    """The author keeps the files sent with this form for the conveners only."""
    return bool(content.get("new_files_confidential"))


def _language_of(submission: Submission, content: Mapping) -> tuple[str, bool]:
    """(language, chosen by the person). A value other than the stored one is the person's
    choice, now or earlier, and always wins; otherwise the text may correct the default
    when it is clearly another of the round's languages."""
    posted = content["language"]
    if submission.language_chosen or posted != submission.language:
        return posted, True
    text = "\n".join([content["title"], content["summary"], *content["answers"].values()])
    return languages.clear_language(text, submission.round.languages) or posted, False


def _send(submission: Submission, *, actor, content: Mapping, files: Sequence[PreparedFile], now) -> FormResult:
    """Store the text and send it (a new version each time). Refused files stop the
    sending but a draft's text is kept; so it is after the deadline."""
    if submission.is_draft_like:
        _store_content(submission, actor, content)
    if not submission.accepts_input_now(now):
        deadline = full_datetime(submission.deadline, submission.round.timezone)
        return FormResult(Outcome.INPUT_CLOSED, _("The deadline for input to this round was %(deadline)s. Your text "
                                                  "has been kept as a draft but can no longer be sent.",
                                                  deadline=deadline), saved=True)
    problems = (add_attachments(submission, files, actor=actor, confidential=_new_files_confidential(content))
                if submission.is_draft_like
                else _replace_sent_text(submission, actor, content, files))
    if problems:
        return FormResult(Outcome.FILES_REFUSED, problems=problems, saved=True)
    transition(submission, Action.SUBMIT, actor=actor)
    _queue_receipt(submission, actor)
    return FormResult(Outcome.SENT)


def _replace_sent_text(submission: Submission, actor, content: Mapping, files: Sequence[PreparedFile]) -> list[str]:
    """A text already received changes only as a whole new version: all or nothing."""
    savepoint = db.session.begin_nested()
    _store_content(submission, actor, content)
    earlier = {a.storage_key for a in submission.attachments}
    problems = add_attachments(submission, files, actor=actor, confidential=_new_files_confidential(content))
    if problems:
        written = [a.storage_key for a in submission.attachments if a.storage_key not in earlier]
        savepoint.rollback()
        for key in written:  # their rows are gone with the savepoint: so are they
            attachment_files.discard(key)
        return problems
    savepoint.commit()
    return []


def withdraw(submission: Submission, *, actor, expected_version=None) -> None:
    if not _is_current(submission, expected_version):
        raise StaleFormRefused(_("This submission changed since you opened that page; please confirm again."))
    transition(submission, Action.WITHDRAW, actor=actor)


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
