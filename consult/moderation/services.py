"""Moderation operations: decisions, redactions, reports, contesting a rejection.

Every state change goes through ``submissions.services.transition()``; these functions add
what moderation needs around it (optimistic locking, the decision record, notifications,
reports resolved by a hide) and only ``flush()``.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _, ngettext
from sqlalchemy import select, update

from consult import audit, dates, db, mail
from consult.audit import AuditEvent
from consult.db import utcnow
from consult.links import public_url_for
from consult.moderation.flags import unresolved_count
from consult.moderation.models import Decision, ModerationDecision, ReportReason, ReportResolution, SubmissionReport
from consult import search_outbox as outbox
from consult.submissions import services as submission_services
from consult.submissions.models import Attachment, Redaction, RedactionReason, Submission
from consult.submissions.public_text import PUBLIC_AUTHOR_PARTS, author_part_text
from consult.submissions.services import TransitionRefused, transition
from consult.submissions.states import DECIDERS, TRANSITIONS, Action, Actor, State
from consult.web import Refused

DECISION_ACTIONS = (Action.PUBLISH, Action.REQUEST_CHANGES, Action.REJECT, Action.HIDE, Action.RESTORE)

MAX_GRACE_DAYS = 60


class DecisionRefused(Refused):
    """Nothing was changed; the message says why, in words for the moderator."""


class StaleDecisionRefused(DecisionRefused):
    """Someone else changed the submission after the form was loaded. It names the form's
    version field, so that the page can tell this conflict from any other refusal."""

    def __init__(self, message: str):
        super().__init__(message, field="lock_version")


class RedactionRefused(Refused):
    """A passage cannot be withheld (or released) as asked; the message says why."""


def rejection_reasons() -> list[str]:
    value = current_app.config["REJECTION_REASONS"]
    items = value.split(";") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item.strip()]


# --- who may ---------------------------------------------------------------------------
def can_decide(submission: Submission, user) -> bool:
    """Assigned moderators, the round's conveners and admins; never on their own
    organisation's input; never on a draft the organisation has not sent."""
    return submission.state not in (State.DRAFT,) and bool(submission.actors(user) & DECIDERS)


def why_not(submission: Submission, action: Action, user) -> str | None:
    """Why ``action`` would be refused for ``user`` now (None: it would be applied)."""
    key = (submission.state, action)
    if key not in TRANSITIONS:
        return _("It is %(state)s.", state=submission.state.label.lower())
    if not submission.actors(user) & TRANSITIONS[key][1]:
        return _("You may not decide on it.")
    return None


def already_contested(submission: Submission) -> bool:
    return db.session.scalar(
        select(ModerationDecision.id).where(
            ModerationDecision.submission_id == submission.id, ModerationDecision.action == Action.CONTEST.value
        ).limit(1)
    ) is not None


def can_contest(submission: Submission, user) -> bool:
    return (
        submission.state == State.REJECTED
        and Actor.MEMBER in submission.actors(user)
        and not already_contested(submission)
    )


# --- decisions -------------------------------------------------------------------------
def last_change(submission: Submission) -> AuditEvent | None:
    return db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.object_type == Submission.__tablename__, AuditEvent.object_id == submission.id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def stale_message(submission: Submission) -> str:
    event = last_change(submission)
    if event is None:
        return _("This submission was changed while you were looking at it. Nothing was applied; check it again.")
    who = event.actor.name if event.actor else _("the platform")
    when = dates.full_datetime(event.created_at, submission.round.timezone)
    return _(
        "Already decided by %(name)s at %(time)s. Nothing was applied; check the submission again.",
        name=who, time=when,
    )


def _reserve(submission: Submission, expected_version: int) -> None:
    """Claim the version the form was loaded with, atomically. A second moderator holding
    the same version finds zero rows (PostgreSQL re-reads the row after the first commits;
    SQLite writers queue), so one decision wins and the other changes nothing."""
    if submission.lock_version != expected_version:
        raise StaleDecisionRefused(stale_message(submission))
    claimed = db.session.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.lock_version == expected_version)
        .values(lock_version=expected_version + 1),
        execution_options={"synchronize_session": False},
    ).rowcount
    if claimed != 1:
        db.session.expire(submission)
        raise StaleDecisionRefused(stale_message(submission))


def decide(
    submission: Submission,
    action: Action,
    *,
    actor,
    expected_version: int,
    message: str | None = None,
    reason_code: str | None = None,
    grace_days: int | None = None,
    replace_attachment_id: int | None = None,
    now: datetime | None = None,
    confirm_personal_data: bool = False,
) -> ModerationDecision:
    """Apply one moderation decision, or raise DecisionRefused and change nothing. Publishing
    with personal-data flags not redacted needs ``confirm_personal_data``, and is logged."""
    now = now or utcnow()
    message = (message or "").strip() or None
    if action not in DECISION_ACTIONS:
        raise DecisionRefused(_("That is not a moderation decision."))
    if action == Action.REJECT and reason_code not in rejection_reasons():
        raise DecisionRefused(_("Choose a reason for the rejection from the list."))
    if action == Action.REQUEST_CHANGES:
        if not message:
            raise DecisionRefused(_("Tell the organisation what to change."))
        if grace_days is None or not 1 <= grace_days <= MAX_GRACE_DAYS:
            raise DecisionRefused(_("Give the organisation between 1 and %(n)s days.", n=MAX_GRACE_DAYS))
    if actor is not None and not can_decide(submission, actor):
        raise DecisionRefused(_("You are not allowed to decide on this submission."))
    flags_open = unresolved_count(submission) if action == Action.PUBLISH else 0
    if flags_open and not confirm_personal_data:
        raise DecisionRefused(ngettext(
            "%(num)d possible piece of personal data is not redacted. Redact it, or confirm that you publish anyway.",
            "%(num)d possible pieces of personal data are not redacted. Redact them, or confirm that you publish anyway.",
            flags_open), field="confirm_personal_data")
    reason = " — ".join(part for part in (reason_code, message) if part) or None
    from_state = submission.state
    received_at = submission.submitted_at
    # A savepoint: a refusal leaves no trace, even in the middle of a bulk decision.
    savepoint = db.session.begin_nested()
    try:
        _reserve(submission, expected_version)
        transition(submission, action, actor=actor, reason=reason)
    except TransitionRefused as exc:
        savepoint.rollback()
        raise DecisionRefused(_translate_refusal(str(exc))) from exc
    except DecisionRefused:
        savepoint.rollback()
        raise
    savepoint.commit()
    if action == Action.REQUEST_CHANGES:
        submission.resubmit_until = now + timedelta(days=grace_days)
        if replace_attachment_id is not None:
            _ask_to_replace(submission, replace_attachment_id, actor=actor)
    if action == Action.HIDE:
        _resolve_reports(submission, actor=actor, resolution=ReportResolution.ACTED, now=now)
    decision = ModerationDecision(
        submission_id=submission.id, round_id=submission.round_id, action=action.value,
        from_state=from_state.value, to_state=submission.state.value, reason_code=reason_code,
        message=message, received_at=received_at, actor_id=getattr(actor, "id", None), created_at=now,
    )
    db.session.add(decision)
    db.session.flush()
    if flags_open:
        audit.record(actor, "publish_with_personal_data", submission,
                     reason=f"published with {flags_open} personal-data flags unresolved", flags=flags_open)
    notify(submission, decision)
    return decision


def _ask_to_replace(submission: Submission, attachment_id: int, *, actor) -> None:
    attachment = next((a for a in submission.attachments if a.id == attachment_id), None)
    if attachment is None:
        raise DecisionRefused(_("Choose one of this submission's files to replace."), field="replace_attachment")
    submission_services.request_replacement(attachment, actor=actor)


def _translate_refusal(text: str) -> str:
    # transition() speaks English to the log; moderators get the same words through gettext.
    return _(text) if text else _("This decision is not possible now.")


def notify(submission: Submission, decision: ModerationDecision) -> None:
    """Email every member of the submitting organisation, with the reason."""
    outcome = Decision(decision.action).phrase
    subject = _("%(reference)s was %(outcome)s", reference=submission.reference, outcome=outcome)
    link = public_url_for("public.submission_detail", reference=submission.reference)
    for membership in submission.organisation.memberships:
        user = membership.user
        if membership.is_accepted and user.is_active_account:
            mail.queue(
                user.email, subject, "moderation_decision", submission=submission, decision=decision,
                outcome=outcome, link=link, recipient=user,
            )


def bulk_decide(
    items: Sequence[tuple[Submission, int]], action: Action, *, actor, message=None, reason_code=None, grace_days=None
) -> tuple[list[Submission], list[tuple[Submission, str]]]:
    """Apply the same decision to each (submission, version the person confirmed); each goes
    through ``decide`` on its own, and the ones refused are returned with the reason."""
    applied: list[Submission] = []
    skipped: list[tuple[Submission, str]] = []
    for submission, version in items:
        try:
            decide(submission, action, actor=actor, expected_version=version, message=message,
                   reason_code=reason_code, grace_days=grace_days)
        except DecisionRefused as exc:
            skipped.append((submission, str(exc)))
        else:
            applied.append(submission)
    return applied, skipped


def contest(submission: Submission, *, actor, message: str) -> ModerationDecision:
    """The organisation asks for a rejection to be looked at again: once only."""
    message = (message or "").strip()
    if not message:
        raise DecisionRefused(_("Explain why the rejection should be reconsidered."), field="message")
    if already_contested(submission):
        raise DecisionRefused(_("This rejection has already been contested once."))
    from_state = submission.state
    try:
        transition(submission, Action.CONTEST, actor=actor, reason=message)
    except TransitionRefused as exc:
        raise DecisionRefused(_translate_refusal(str(exc))) from exc
    decision = ModerationDecision(
        submission_id=submission.id, round_id=submission.round_id, action=Action.CONTEST.value,
        from_state=from_state.value, to_state=submission.state.value, message=message,
        received_at=submission.submitted_at, actor_id=getattr(actor, "id", None),
    )
    db.session.add(decision)
    db.session.flush()
    return decision


# --- redaction ---------------------------------------------------------------------------
def field_text(submission: Submission, field: str) -> str | None:
    """The original text of a redactable field, or None if there is no such field."""
    if field == "title":
        return submission.title
    if field == "summary":
        return submission.summary
    if field == "letter":
        return submission.letter or None
    if field in PUBLIC_AUTHOR_PARTS:  # public in the author's label ("X on behalf of ...")
        return author_part_text(submission, field) or None
    prefix, _sep, question_id = field.partition(":")
    if prefix == "attachment" and question_id.isdigit():
        attachment = next((a for a in submission.attachments if a.id == int(question_id)), None)
        # The original's text, and that of a moderator's redacted version (flagged in its place).
        texts = [attachment.extracted_text, attachment.public_version.extracted_text] if attachment else []
        return "\n".join(dict.fromkeys(t for t in texts if t)) or None
    if prefix == "answer" and question_id.isdigit():
        answer = next((a for a in submission.answers if a.question_id == int(question_id)), None)
        return answer.text if answer else None
    return None


def add_redaction(
    submission: Submission, *, actor, field: str, passage: str, reason: RedactionReason, note: str | None = None
) -> Redaction:
    text = field_text(submission, field)
    if text is None:
        raise RedactionRefused(_("Choose a part of this submission."), field="field")
    passage = (passage or "").strip()
    if not passage:
        raise RedactionRefused(_("Paste the passage to withhold."), field="passage")
    if passage not in text:
        raise RedactionRefused(
            _("That passage does not occur in the part you chose. Copy it exactly as it appears."), field="passage"
        )
    redaction = _withhold_passage(submission, field, passage, reason, note, actor)
    # A file that holds the same passage would hand it out byte for byte: its text is
    # redacted too, so the public downloads that file's redacted text.
    for attachment in submission.attachments:
        if attachment.part != field and passage in (attachment.extracted_text or "") and not any(
                r.passage == passage for r in attachment.part_redactions):
            _withhold_passage(submission, attachment.part, passage, reason, note, actor)
    outbox.enqueue(submission.id)
    return redaction


def _withhold_passage(submission: Submission, field: str, passage: str, reason: RedactionReason,
                      note: str | None, actor) -> Redaction:
    redaction = Redaction(
        submission=submission, field=field, passage=passage, reason=reason, note=(note or "").strip() or None,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(redaction)
    db.session.flush()
    # The passage itself stays out of the log: it is what is being withheld.
    audit.record(actor, "redact", submission, reason=reason.value, field=field, redaction_id=redaction.id)
    return redaction


def remove_redaction(redaction: Redaction, *, actor) -> None:
    if redaction.removed_at is not None:
        raise RedactionRefused(_("This redaction was already removed."))
    redaction.removed_at = utcnow()
    audit.record(actor, "unredact", redaction.submission, reason=redaction.reason.value, field=redaction.field,
                 redaction_id=redaction.id)
    outbox.enqueue(redaction.submission_id)
    db.session.flush()


# --- attachments ---------------------------------------------------------------------------
def withhold_attachment(attachment: Attachment, *, actor, reason: RedactionReason, note: str | None = None) -> None:
    """A file kept from the public for ``reason`` (the note goes to the audit log)."""
    if actor is not None and not can_decide(attachment.submission, actor):
        raise RedactionRefused(_("You are not allowed to decide on this submission."))
    submission_services.withhold_attachment(attachment, actor=actor, reason=reason, note=note)


def release_attachment(attachment: Attachment, *, actor) -> None:
    if actor is not None and not can_decide(attachment.submission, actor):
        raise RedactionRefused(_("You are not allowed to decide on this submission."))
    submission_services.release_attachment(attachment, actor=actor)


# --- public reports ---------------------------------------------------------------------
def report(submission: Submission, *, reason: ReportReason, text: str | None = None) -> SubmissionReport:
    item = SubmissionReport(submission_id=submission.id, reason=reason, text=(text or "").strip() or None)
    db.session.add(item)
    db.session.flush()
    audit.record(None, "report", submission, reason=reason.value, report_id=item.id)
    return item


def dismiss_report(item: SubmissionReport, *, actor) -> None:
    if item.resolved_at is not None:
        raise DecisionRefused(_("This report was already dealt with."))
    item.resolved_at = utcnow()
    item.resolved_by_id = getattr(actor, "id", None)
    item.resolution = ReportResolution.DISMISSED
    audit.record(actor, "dismiss_report", item.submission, report_id=item.id)
    db.session.flush()


def _resolve_reports(submission: Submission, *, actor, resolution: ReportResolution, now: datetime) -> None:
    open_reports = db.session.scalars(
        select(SubmissionReport).where(
            SubmissionReport.submission_id == submission.id, SubmissionReport.resolved_at.is_(None)
        )
    )
    for item in open_reports:
        item.resolved_at = now
        item.resolved_by_id = getattr(actor, "id", None)
        item.resolution = resolution
