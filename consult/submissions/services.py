"""Operations that change submissions. The only code that assigns ``Submission.state``.

``actor`` is the person acting, or ``None`` for the platform itself (CLI, demo loader,
offline import), which is trusted with any transition in the table and audited as such.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import update

from consult import audit, db
from consult.db import utcnow
from consult.organisations.models import Organisation
from consult.rounds.models import Round, RoundSession
from consult.search import outbox
from consult.submissions.models import Answer, Consent, Submission, SubmissionVersion
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
