"""Read helpers for moderation: the queue, the review page's history, the public summary."""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from flask import g
from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from consult import db
from consult.audit import AuditEvent
from consult.campaigns import queries as campaign_queries
from consult.campaigns.models import CampaignLetter
from consult.moderation.models import ModerationDecision, SubmissionReport
from consult.organisations.models import Organisation
from consult.rounds.models import Round, RoundStaff, StaffRole
from consult.security import Role
from consult.submissions import queries as submission_queries
from consult.submissions.models import Answer, Attachment, Submission
from consult.submissions.states import Action, State

PAGE_SIZE = 50
# Drafts belong to their organisation until sent; the queue never lists them.
QUEUE_STATES = [s for s in State if s != State.DRAFT]


def moderated_rounds(user) -> list[Round]:
    """Every round ``user`` may moderate (admins: all of them), newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    stmt = select(Round).order_by(Round.opens_at.desc())
    if not user.has_role(Role.ADMIN):
        stmt = stmt.where(
            Round.id.in_(
                select(RoundStaff.round_id).where(
                    RoundStaff.user_id == user.id, RoundStaff.role.in_([StaffRole.CONVENER, StaffRole.MODERATOR])
                )
            )
        )
    return list(db.session.scalars(stmt))


def moderates_any_round(user) -> bool:
    """For the navigation: asked once per request (``staffs_any_round`` comes with the
    person at login, or in one query the first time it is asked)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cache = g.setdefault("_moderates_any_round", {})
    if user.id not in cache:
        try:
            cache[user.id] = user.has_role(Role.ADMIN) or user.staffs_any_round
        except SQLAlchemyError:
            # The error page renders this menu too; a failing database must not break it.
            cache[user.id] = False
    return bool(cache[user.id])


def _open_reports():
    return exists().where(SubmissionReport.submission_id == Submission.id, SubmissionReport.resolved_at.is_(None))


@dataclass
class QueueFilters:
    state: str = ""
    group: str = ""
    country: str = ""
    session_id: int | None = None
    language: str = ""
    verified: str = ""  # "yes", "no" or ""
    attachments: bool = False
    reported: bool = False
    q: str = ""
    sort: str = "oldest"
    page: int = 1


@dataclass
class QueuePage:
    submissions: list[Submission]
    total: int
    page: int
    pages: int
    state_counts: Counter
    open_reports: dict[int, int] = field(default_factory=dict)
    contested: set[int] = field(default_factory=set)
    # Campaign rows above the list; the letters decided with their campaign are not listed.
    campaigns: list = field(default_factory=list)
    campaign_letters: dict[int, CampaignLetter] = field(default_factory=dict)  # listed letters of a campaign


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(round_ids: list[int], f: QueueFilters, *, with_state: bool):
    conditions = [Submission.round_id.in_(round_ids), Submission.state != State.DRAFT]
    if with_state and f.state:
        conditions.append(Submission.state == State(f.state))
    if f.group:
        conditions.append(Organisation.stakeholder_group == f.group)
    if f.country:
        conditions.append(Organisation.country == f.country.upper())
    if f.session_id:
        conditions.append(Submission.sessions.any(id=f.session_id))
    if f.language:
        conditions.append(Submission.language == f.language)
    if f.verified == "yes":
        conditions.append(Organisation.verified_at.is_not(None))
    elif f.verified == "no":
        conditions.append(Organisation.verified_at.is_(None))
    if f.attachments:
        conditions.append(exists().where(Attachment.submission_id == Submission.id))
    if f.reported:
        conditions.append(_open_reports())
    if f.q.strip():
        pattern = _like(f.q.strip().lower())
        conditions.append(
            or_(
                func.lower(Submission.title).like(pattern, escape="\\"),
                func.lower(Submission.summary).like(pattern, escape="\\"),
                func.lower(Submission.letter).like(pattern, escape="\\"),
                func.lower(Submission.reference).like(pattern, escape="\\"),
                func.lower(Organisation.name).like(pattern, escape="\\"),
                exists().where(
                    Answer.submission_id == Submission.id, func.lower(Answer.text).like(pattern, escape="\\")
                ),
            )
        )
    return conditions


def queue(round_ids: list[int], f: QueueFilters, *, page_size: int = PAGE_SIZE) -> QueuePage:
    """One page of the queue, its total, counts per state, and the reports and contests of
    the page's submissions: a fixed number of queries whatever the page size. Letters decided
    with their campaign are not listed: their campaign is a row of its own (``campaigns``)."""
    if not round_ids:
        return QueuePage([], 0, 1, 1, Counter())
    conditions = [*_filtered(round_ids, f, with_state=True), ~campaign_queries.grouped_clause()]
    base = select(Submission).join(Organisation, Submission.organisation_id == Organisation.id).where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    pages = max(1, -(-total // page_size))
    page = min(max(1, f.page), pages)
    received = func.coalesce(Submission.submitted_at, Submission.created_at)
    order = [received.desc(), Submission.id.desc()] if f.sort == "newest" else [received.asc(), Submission.id.asc()]
    submissions = list(
        db.session.scalars(
            base.options(*submission_queries.eager())
            .order_by(*order)
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
    )
    counts = Counter(
        {
            State(state): n
            for state, n in db.session.execute(
                select(Submission.state, func.count())
                .join(Organisation, Submission.organisation_id == Organisation.id)
                .where(*_filtered(round_ids, f, with_state=False))
                .group_by(Submission.state)
            )
        }
    )
    ids = [s.id for s in submissions]
    open_reports = dict(
        db.session.execute(
            select(SubmissionReport.submission_id, func.count())
            .where(SubmissionReport.submission_id.in_(ids), SubmissionReport.resolved_at.is_(None))
            .group_by(SubmissionReport.submission_id)
        ).all()
    ) if ids else {}
    contested = set(
        db.session.scalars(
            select(ModerationDecision.submission_id).where(
                ModerationDecision.submission_id.in_(ids), ModerationDecision.action == Action.CONTEST.value
            )
        )
    ) if ids else set()
    campaign_letters = {
        letter.submission_id: letter
        for letter in db.session.scalars(select(CampaignLetter).where(CampaignLetter.submission_id.in_(ids)))
    } if ids else {}
    return QueuePage(submissions, total, page, pages, counts, open_reports, contested,
                     campaign_queries.queue_campaigns(round_ids, f.state), campaign_letters)


def countries(round_ids: list[int]) -> list[str]:
    """The countries of the organisations in these rounds' queues, for the filter."""
    if not round_ids:
        return []
    return [
        c for c in db.session.scalars(
            select(Organisation.country).distinct()
            .join(Submission, Submission.organisation_id == Organisation.id)
            .where(Submission.round_id.in_(round_ids), Organisation.country.is_not(None))
            .order_by(Organisation.country)
        ) if c
    ]


def submissions_for_bulk(ids: list[int]) -> list[Submission]:
    return submission_queries.by_ids(
        ids, selectinload(Submission.organisation), selectinload(Submission.round).selectinload(Round.staff))


def history(submission: Submission) -> list[AuditEvent]:
    """Every recorded event on the submission, oldest first, with who did it."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == Submission.__tablename__, AuditEvent.object_id == submission.id)
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.id)
        )
    )


def reports_of(submission: Submission) -> list[SubmissionReport]:
    return list(
        db.session.scalars(
            select(SubmissionReport).where(SubmissionReport.submission_id == submission.id)
            .order_by(SubmissionReport.resolved_at.is_not(None), SubmissionReport.id.desc())
        )
    )


@dataclass
class ModerationSummary:
    by_action: Counter
    by_reason: Counter
    median_days: float | None
    decided: int


FIRST_DECISIONS = (Action.PUBLISH.value, Action.REQUEST_CHANGES.value, Action.REJECT.value)


def summary(round_id: int) -> ModerationSummary:
    """Counts only: no names, no organisations, no free text."""
    rows = db.session.execute(
        select(ModerationDecision.action, ModerationDecision.reason_code, ModerationDecision.received_at,
               ModerationDecision.created_at)
        .where(ModerationDecision.round_id == round_id)
    ).all()
    by_action = Counter(action for action, *_rest in rows)
    by_reason = Counter(code for action, code, *_rest in rows if action == Action.REJECT.value and code)
    waits = [
        (decided - received).total_seconds() / 86400
        for action, _code, received, decided in rows
        if action in FIRST_DECISIONS and received is not None
    ]
    median = statistics.median(waits) if waits else None
    return ModerationSummary(by_action, by_reason, median, sum(by_action[a] for a in FIRST_DECISIONS))


def decisions_for_organisations(organisation_ids: set[int], limit: int = 50) -> list[ModerationDecision]:
    """The latest decisions on an organisation's submissions, for its dashboard."""
    if not organisation_ids:
        return []
    return list(
        db.session.scalars(
            select(ModerationDecision)
            .join(Submission, ModerationDecision.submission_id == Submission.id)
            .where(Submission.organisation_id.in_(organisation_ids))
            .options(selectinload(ModerationDecision.submission))
            .order_by(ModerationDecision.id.desc())
            .limit(limit)
        )
    )
