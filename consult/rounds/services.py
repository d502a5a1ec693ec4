"""Operations that change rounds: the only writers of rounds, sessions, questions and staff.

Each takes plain values and an explicit ``actor``, flushes, and writes the audit trail.
``RoundRefused`` carries a message for the convener; nothing has changed when it is raised.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import select

from config import Config
from consult import audit, db
from consult.db import utcnow
from consult.rounds.models import (
    DeadlineChangeKind, Question, Round, RoundDeadlineChange, RoundPhase, RoundSession, RoundStaff,
    RoundStatus, StaffRole,
)
from consult.security import Role
from consult import search_outbox as outbox
from consult.text import slugify
from consult.web import Refused

MAX_QUESTIONS = 50  # a form of 200 questions is not a consultation anybody answers
MAX_SESSIONS = 20

ROUND_FIELDS = (
    "title", "slug", "summary", "background", "level", "country", "region", "convening_organisation_id",
    "feeds_into_id", "timezone", "opens_at", "closes_at", "languages", "publication_policy", "allowed_groups",
    "allow_multiple_submissions", "accepts_individuals", "answer_word_limit", "max_attachments", "max_attachment_mb", "reference_prefix",
)
DATE_FIELDS = ("timezone", "opens_at", "closes_at")


class RoundRefused(Refused):
    """The operation is not allowed now; the message says why."""


def reopen_grace() -> timedelta:
    """How long after closing a round may be reopened: the ``ROUND_REOPEN_GRACE_DAYS`` setting
    of the running app, or its default when a script works without one."""
    days = current_app.config["ROUND_REOPEN_GRACE_DAYS"] if has_app_context() else Config.ROUND_REOPEN_GRACE_DAYS
    return timedelta(days=days)


def has_submissions(round_: Round) -> bool:
    # round_.submissions is declared by the submissions' side (Submission.round's backref),
    # so that rounds never imports submissions.
    return db.session.scalar(round_.submissions.select().limit(1)) is not None


def _slug_taken(slug: str, except_id: int | None) -> bool:
    query = select(Round.id).where(Round.slug == slug)
    if except_id is not None:
        query = query.where(Round.id != except_id)
    return db.session.scalar(query) is not None


def suggest_slug(title: str) -> str:
    base = slugify(title, 72) or "round"
    slug, n = base, 2
    while _slug_taken(slug, None):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_fields(values: dict, round_id: int | None) -> None:
    if _slug_taken(values["slug"], round_id):
        raise RoundRefused(_("This web address is already used by another round."), "slug")
    prefix_taken = select(Round.id).where(Round.reference_prefix == values["reference_prefix"])
    if round_id is not None:
        prefix_taken = prefix_taken.where(Round.id != round_id)
    if db.session.scalar(prefix_taken) is not None:
        raise RoundRefused(_("Another round already uses this reference prefix."), "reference_prefix")
    if values.get("closes_at") and values.get("opens_at") and values["closes_at"] <= values["opens_at"]:
        raise RoundRefused(_("The round must close after it opens."), "closes_at")


def create_round(*, actor, **values) -> Round:
    """A new draft round; its creator becomes its convener."""
    values = dict(values)
    if not values.get("slug"):
        values["slug"] = suggest_slug(values["title"])
    _check_fields(values, None)
    round_ = Round(status=RoundStatus.DRAFT, **{k: v for k, v in values.items() if k in ROUND_FIELDS})
    round_.staff.append(RoundStaff(user_id=actor.id, role=StaffRole.CONVENER))
    db.session.add(round_)
    db.session.flush()
    audit.record(actor, "create", round_, to_state=RoundStatus.DRAFT)
    return round_


def update_round(round_: Round, *, actor, **values) -> None:
    values = {k: v for k, v in values.items() if k in ROUND_FIELDS}
    if round_.status != RoundStatus.DRAFT:
        for name in DATE_FIELDS:
            values.pop(name, None)  # published deadlines move only through the lifecycle actions
        values.pop("slug", None)  # a published round keeps the address people were sent
        if has_submissions(round_):
            values.pop("reference_prefix", None)  # references already handed out keep their prefix
    if not values.get("slug"):
        values["slug"] = round_.slug
    _check_fields({"opens_at": round_.opens_at, "closes_at": round_.closes_at,
                   "reference_prefix": round_.reference_prefix} | values, round_.id)
    changed = sorted(k for k, v in values.items() if getattr(round_, k) != v)
    for name, value in values.items():
        setattr(round_, name, value)
    audit.record(actor, "edit", round_, fields=changed)
    db.session.flush()


# --- sessions and questions --------------------------------------------------------------
def _refuse_if_submissions(round_: Round, what: str) -> None:
    if has_submissions(round_):
        raise RoundRefused(what)


def add_session(round_: Round, *, actor, title: str, description: str = "") -> RoundSession:
    if len(round_.sessions) >= MAX_SESSIONS:
        raise RoundRefused(_("A round can have at most %(n)d sessions.", n=MAX_SESSIONS))
    keys = {s.key for s in round_.sessions}
    base = slugify(title, 70) or "session"
    key, n = base, 2
    while key in keys:
        key, n = f"{base}-{n}", n + 1
    session = RoundSession(key=key, title=title, description=description,
                           position=max((s.position for s in round_.sessions), default=0) + 1)
    round_.sessions.append(session)
    db.session.flush()
    audit.record(actor, "add_session", round_, session_id=session.id, title=title)
    return session


def update_session(session: RoundSession, *, actor, title: str, description: str = "") -> None:
    session.title, session.description = title, description
    audit.record(actor, "edit_session", session.round, session_id=session.id)
    db.session.flush()


def delete_session(session: RoundSession, *, actor) -> None:
    round_ = session.round
    _refuse_if_submissions(round_, _("This round has submissions: its sessions can no longer be deleted."))
    for question in list(session.questions):
        question.session = None  # its questions stay, addressed to the whole round
    round_.sessions.remove(session)
    db.session.flush()
    audit.record(actor, "delete_session", round_, session_id=session.id, title=session.title)
    _renumber(round_.sessions)


def add_question(round_: Round, *, actor, text: str, guidance: str = "", session_id: int | None = None,
                 required: bool = True, word_limit: int = 600) -> Question:
    if len(round_.questions) >= MAX_QUESTIONS:
        raise RoundRefused(_("A round can have at most %(n)d questions.", n=MAX_QUESTIONS))
    _check_session(round_, session_id)
    keys = {q.key for q in round_.questions}
    n = len(round_.questions) + 1
    while f"q{n}" in keys:
        n += 1
    question = Question(key=f"q{n}", text=text, guidance=guidance, session_id=session_id or None,
                        required=required, word_limit=word_limit,
                        position=max((q.position for q in round_.questions), default=0) + 1)
    round_.questions.append(question)
    db.session.flush()
    audit.record(actor, "add_question", round_, question_id=question.id)
    return question


def _check_session(round_: Round, session_id: int | None) -> None:
    if session_id and session_id not in {s.id for s in round_.sessions}:
        raise RoundRefused(_("That session is not part of this round."), "session_id")


def update_question(question: Question, *, actor, text: str, guidance: str = "", session_id: int | None = None,
                    required: bool = True, word_limit: int = 600) -> None:
    round_ = question.round
    _check_session(round_, session_id)
    if text != question.text and round_.status != RoundStatus.DRAFT:
        # People may already have answered the old wording: keep it on record and say so publicly.
        question.wording_updated_at = utcnow()
        audit.record(actor, "reword_question", round_, question_id=question.id, old=question.text, new=text)
    question.text, question.guidance, question.required, question.word_limit = text, guidance, required, word_limit
    question.session_id = session_id or None
    audit.record(actor, "edit_question", round_, question_id=question.id)
    db.session.flush()


def delete_question(question: Question, *, actor) -> None:
    round_ = question.round
    _refuse_if_submissions(round_, _("This round has submissions: its questions can no longer be deleted."))
    round_.questions.remove(question)
    db.session.flush()
    audit.record(actor, "delete_question", round_, question_id=question.id, text=question.text)
    _renumber(round_.questions)


def _renumber(items) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position
    db.session.flush()


def move(round_: Round, item, *, actor, direction: str) -> None:
    """Swap a session or question with its neighbour (questions among those of the same session)."""
    if isinstance(item, Question):
        siblings = [q for q in round_.questions if q.session_id == item.session_id]
        everything = round_.questions
    else:
        siblings = everything = round_.sessions
    i = siblings.index(item)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(siblings):
        other = siblings[j]
        item.position, other.position = other.position, item.position
    _renumber(sorted(everything, key=lambda x: x.position))
    audit.record(actor, "reorder", round_, kind=item.__tablename__, item_id=item.id, direction=direction)


def reorder(round_: Round, ordered_ids: list[int], *, actor, kind: str) -> None:
    items = {x.id: x for x in (round_.questions if kind == "questions" else round_.sessions)}
    if set(ordered_ids) != set(items):
        raise RoundRefused(_("The list does not match this round; reload the page and try again."))
    for position, item_id in enumerate(ordered_ids, start=1):
        items[item_id].position = position
    db.session.flush()
    db.session.expire(round_, ["questions", "sessions"])
    audit.record(actor, "reorder", round_, kind=kind, order=ordered_ids)


# --- lifecycle -----------------------------------------------------------------------------
def _require_phase(round_: Round, allowed: set[RoundPhase], message: str, now: datetime) -> RoundPhase:
    phase = round_.phase(now)
    if phase not in allowed:
        raise RoundRefused(message)
    return phase


def publish(round_: Round, *, actor, reason: str | None = None, now: datetime | None = None) -> None:
    now = now or utcnow()
    _require_phase(round_, {RoundPhase.DRAFT}, _("Only a draft round can be published."), now)
    if not round_.questions:
        raise RoundRefused(_("Add at least one guiding question before publishing the round."))
    if round_.closes_at <= now:
        raise RoundRefused(_("The closing date is in the past: move it before publishing the round."))
    round_.status = RoundStatus.PUBLISHED
    audit.record(actor, "publish", round_, from_state=RoundStatus.DRAFT, to_state=RoundStatus.PUBLISHED, reason=reason)
    db.session.flush()


def _move_deadline(round_: Round, *, actor, kind: DeadlineChangeKind, new: datetime, reason: str) -> None:
    if not (reason or "").strip():
        raise RoundRefused(_("Please give a reason."), "reason")
    old = round_.closes_at
    if new <= round_.opens_at:
        raise RoundRefused(_("The round must close after it opens."), "closes_at")
    round_.closes_at = new
    round_.deadline_changes.append(RoundDeadlineChange(kind=kind, old_closes_at=old, new_closes_at=new,
                                                       reason=reason.strip(), actor_id=getattr(actor, "id", None)))
    audit.record(actor, kind.value, round_, reason=reason, old_closes_at=old.isoformat(), new_closes_at=new.isoformat())
    _refresh_published_input(round_)
    db.session.flush()


def _refresh_published_input(round_: Round) -> None:
    """Whether approved input is public can hang on the round's deadline and state (rounds
    that publish at close): let the search index look at it again. A deadline that simply
    passes is noticed by the indexer itself."""
    # "published" is the stored value of submissions.states.State.PUBLISHED.
    for submission in db.session.scalars(round_.submissions.select().filter_by(state="published")):
        outbox.enqueue(submission.id)


def extend_deadline(round_: Round, *, actor, closes_at: datetime, reason: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    _require_phase(round_, {RoundPhase.SCHEDULED, RoundPhase.OPEN},
                   _("Only a published round that has not closed can be extended; reopen a closed round instead."), now)
    if closes_at <= round_.closes_at:
        raise RoundRefused(_("The new deadline must be later than the current one."), "closes_at")
    _move_deadline(round_, actor=actor, kind=DeadlineChangeKind.EXTENDED, new=closes_at, reason=reason)


def close_early(round_: Round, *, actor, reason: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    _require_phase(round_, {RoundPhase.OPEN}, _("Only an open round can be closed early."), now)
    _move_deadline(round_, actor=actor, kind=DeadlineChangeKind.CLOSED_EARLY, new=now, reason=reason)


def reopen(round_: Round, *, actor, closes_at: datetime, reason: str, grace: timedelta | None = None,
           now: datetime | None = None) -> None:
    now = now or utcnow()
    _require_phase(round_, {RoundPhase.CLOSED}, _("Only a closed round can be reopened."), now)
    grace = reopen_grace() if grace is None else grace
    if now > round_.closes_at + grace:
        raise RoundRefused(_("A round can be reopened only within %(days)d days of closing.", days=grace.days))
    if closes_at <= now:
        raise RoundRefused(_("The new deadline must be in the future."), "closes_at")
    _move_deadline(round_, actor=actor, kind=DeadlineChangeKind.REOPENED, new=closes_at, reason=reason)


def archive(round_: Round, *, actor, reason: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    _require_phase(round_, {RoundPhase.CLOSED, RoundPhase.CONCLUDED},
                           _("Only a closed round can be archived; close it first."), now)
    if not (reason or "").strip():
        raise RoundRefused(_("Please give a reason."), "reason")
    old = round_.status
    round_.status = RoundStatus.ARCHIVED
    audit.record(actor, "archive", round_, from_state=old, to_state=RoundStatus.ARCHIVED, reason=reason)
    _refresh_published_input(round_)
    db.session.flush()


def conclude(round_: Round, *, actor, reason: str | None = None, now: datetime | None = None) -> None:
    """Mark a closed round's outcome as published: the outcomes capability calls this when it
    publishes one."""
    now = now or utcnow()
    _require_phase(round_, {RoundPhase.CLOSED}, _("Only a closed round can have its outcome published."), now)
    round_.status = RoundStatus.CONCLUDED
    audit.record(actor, "conclude", round_, from_state=RoundStatus.PUBLISHED, to_state=RoundStatus.CONCLUDED,
                 reason=reason)
    _refresh_published_input(round_)
    db.session.flush()


# --- staff -------------------------------------------------------------------------------
def assign_moderator(round_: Round, user, *, actor) -> None:
    if not user.has_role(Role.MODERATOR):
        raise RoundRefused(_("Only people with the moderator role can moderate a round."), "user_id")
    if user in round_.moderators:
        raise RoundRefused(_("%(name)s already moderates this round.", name=user.name), "user_id")
    round_.staff.append(RoundStaff(user_id=user.id, user=user, role=StaffRole.MODERATOR))
    audit.record(actor, "assign_moderator", round_, user_id=user.id)
    db.session.flush()


def remove_moderator(round_: Round, user, *, actor) -> None:
    rows = [s for s in round_.staff if s.user_id == user.id and s.role == StaffRole.MODERATOR]
    if not rows:
        raise RoundRefused(_("%(name)s does not moderate this round.", name=user.name))
    round_.staff.remove(rows[0])
    audit.record(actor, "remove_moderator", round_, user_id=user.id)
    db.session.flush()


def available_actions(round_: Round, *, grace: timedelta | None = None,
                      now: datetime | None = None) -> list[str]:
    """The lifecycle actions a convener may take now, in the order the page offers them."""
    now = now or utcnow()
    phase = round_.phase(now)
    if phase == RoundPhase.CLOSED:
        grace = reopen_grace() if grace is None else grace
        return (["reopen"] if now <= round_.closes_at + grace else []) + ["archive"]
    return {
        RoundPhase.DRAFT: ["publish"],
        RoundPhase.SCHEDULED: ["extend"],
        RoundPhase.OPEN: ["extend", "close"],
        RoundPhase.CONCLUDED: ["archive"],
        RoundPhase.ARCHIVED: [],
    }[phase]
