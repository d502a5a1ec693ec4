"""Read helpers for rounds."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from statistics import median

from flask import abort
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from consult import db
from consult.audit import AuditEvent
from consult.auth.models import User, UserRole
from consult.dates import in_zone
from consult.db import utcnow
from consult.organisations.countries import country_name, reading_order
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import (
    DeadlineChangeKind, Level, Round, RoundDeadlineChange, RoundPhase, RoundSession, RoundStaff, RoundStatus,
    StaffRole,
)
from consult.security import Role, require
from consult.submissions.models import Submission, submission_sessions
from consult.submissions.states import State


def public_rounds() -> list[Round]:
    """Every round the public may see, newest first."""
    return list(
        db.session.scalars(
            select(Round).where(Round.status != RoundStatus.DRAFT).order_by(Round.opens_at.desc())
        )
    )


def home_rounds(now: datetime | None = None) -> tuple[list[Round], list[Round]]:
    """Open rounds by nearest deadline, then the others (upcoming first, then recent)."""
    now = now or utcnow()
    rounds = public_rounds()
    open_rounds = sorted((r for r in rounds if r.is_open(now)), key=lambda r: r.closes_at)
    others = [r for r in rounds if not r.is_open(now)]
    return open_rounds, others


def get_round_by_slug(slug: str) -> Round | None:
    return db.session.scalar(select(Round).where(Round.slug == slug))


def get_public_round(slug: str) -> Round | None:
    """The round with this slug, unless it is a draft (open data and the API serve
    everyone alike, so a convener's draft is not in them either)."""
    round_ = get_round_by_slug(slug)
    return None if round_ is None or round_.status == RoundStatus.DRAFT else round_


def visible_round_or_404(slug: str, user) -> Round:
    """The round with this slug if ``user`` may see it; a draft is not admitted to exist."""
    round_ = get_round_by_slug(slug)
    if round_ is None or not round_.can_view(user):
        abort(404)
    return round_


def public_round_or_404(slug: str) -> Round:
    """The round with this slug unless it is a draft, whoever asks (open data, the API)."""
    round_ = get_public_round(slug)
    if round_ is None:
        abort(404)
    return round_


def managed_round_or_404(slug: str, user) -> Round:
    """The round ``user`` runs. A refusal tells nothing the person could not see anyway:
    visitors are sent to log in before anything is loaded, and a draft they may not see is
    as missing (404) as a round that does not exist; a public round they do not run is 403."""
    if not user.is_authenticated:
        abort(401)
    round_ = visible_round_or_404(slug, user)
    require(round_.can_manage(user))
    return round_


def round_item_or_404(round_: Round, model, item_id: int):
    """A session, question or document of ``round_``; one of another round is as missing."""
    item = db.session.get(model, item_id)
    if item is None or item.round_id != round_.id:
        abort(404)
    return item


def published_counts_by_group(round_ids: list[int]) -> dict[int, Counter]:
    """{round id: Counter(stakeholder group → public submissions)} in one query."""
    rows = db.session.execute(
        select(Submission.round_id, Organisation.stakeholder_group, func.count())
        .join(Organisation, Submission.organisation_id == Organisation.id)
        .where(Submission.round_id.in_(round_ids), Submission.public_clause())
        .group_by(Submission.round_id, Organisation.stakeholder_group)
    )
    counts: dict[int, Counter] = {rid: Counter() for rid in round_ids}
    for round_id, group, n in rows:
        counts[round_id][StakeholderGroup(group)] = n
    return counts


def public_submissions(round_id: int, *, group: StakeholderGroup | None = None, session_key: str | None = None):
    """The round's published input, newest first, optionally for one stakeholder group or
    one session (a select() for paginate())."""
    statement = (
        select(Submission)
        .where(Submission.round_id == round_id, Submission.public_clause())
        .options(selectinload(Submission.organisation), selectinload(Submission.redactions))
        .order_by(Submission.published_at.desc(), Submission.id.desc())
    )
    if group is not None:
        statement = statement.where(Submission.organisation.has(Organisation.stakeholder_group == group))
    if session_key:
        statement = statement.where(Submission.sessions.any(RoundSession.key == session_key))
    return statement


def published_counts_by_session(round_: Round) -> list[tuple[RoundSession, int]]:
    rows = dict(
        db.session.execute(
            select(submission_sessions.c.session_id, func.count())
            .join(Submission, Submission.id == submission_sessions.c.submission_id)
            .where(Submission.round_id == round_.id, Submission.public_clause())
            .group_by(submission_sessions.c.session_id)
        ).all()
    )
    return [(session, rows.get(session.id, 0)) for session in round_.sessions]


def phase_clause(phase: RoundPhase, now: datetime):
    """SQL for "the round is in this phase now", the same rule as ``Round.phase()``."""
    published = Round.status == RoundStatus.PUBLISHED
    return {
        RoundPhase.SCHEDULED: and_(published, Round.opens_at > now),
        RoundPhase.OPEN: and_(published, Round.opens_at <= now, Round.closes_at > now),
        RoundPhase.CLOSED: and_(published, Round.closes_at <= now),
        RoundPhase.CONCLUDED: Round.status == RoundStatus.CONCLUDED,
        RoundPhase.ARCHIVED: Round.status == RoundStatus.ARCHIVED,
        RoundPhase.DRAFT: Round.status == RoundStatus.DRAFT,
    }[phase]


@dataclass
class RoundFilters:
    level: Level | None = None
    region: str | None = None
    phase: RoundPhase | None = None
    year: int | None = None

    @classmethod
    def from_args(cls, args) -> RoundFilters:
        """Unknown or malformed values are ignored rather than refused: a shared link with
        an outdated filter still shows rounds."""
        level = args.get("level")
        phase = args.get("state")
        year = args.get("year", "")
        return cls(
            level=Level(level) if level in Level._value2member_map_ else None,
            region=(args.get("region") or "").strip()[:120] or None,
            phase=RoundPhase(phase) if phase in PUBLIC_PHASES else None,
            year=int(year) if year.isdigit() and 1900 < int(year) < 3000 else None,
        )


PUBLIC_PHASES = tuple(p.value for p in RoundPhase if p != RoundPhase.DRAFT)


def filtered_rounds(filters: RoundFilters, now: datetime | None = None) -> Select:
    now = now or utcnow()
    statement = select(Round).where(Round.status != RoundStatus.DRAFT)
    if filters.level:
        statement = statement.where(Round.level == filters.level)
    if filters.region:
        needle = filters.region.lower()
        statement = statement.where(or_(func.lower(Round.region) == needle, func.lower(Round.country) == needle))
    if filters.phase:
        statement = statement.where(phase_clause(filters.phase, now))
    if filters.year:
        start = datetime(filters.year, 1, 1, tzinfo=timezone.utc)
        statement = statement.where(Round.opens_at < start.replace(year=filters.year + 1), Round.closes_at >= start)
    return statement.order_by(Round.closes_at.desc(), Round.id)


def region_choices() -> list[tuple[str, str]]:
    """Regions and countries that public rounds name, for the filter: (value, label) in the
    reader's alphabetical order, a country shown by its name and filtered by its code."""
    rows = db.session.execute(
        select(Round.region, Round.country).where(Round.status != RoundStatus.DRAFT).distinct()
    ).all()
    choices = {region: region for region, _country in rows if region}
    choices.update({country: country_name(country) for _region, country in rows if country})
    return sorted(choices.items(), key=lambda choice: reading_order(choice[1]))


def year_choices() -> list[int]:
    rows = db.session.scalars(select(Round.opens_at).where(Round.status != RoundStatus.DRAFT))
    return sorted({d.year for d in rows}, reverse=True)
# --- conveners ---------------------------------------------------------------------------
def rounds_run_by(user) -> list[Round]:
    """The rounds ``user`` convenes (every round for an admin), newest first."""
    query = select(Round).order_by(Round.opens_at.desc())
    if not user.has_role(Role.ADMIN):
        query = query.join(RoundStaff).where(RoundStaff.user_id == user.id, RoundStaff.role == StaffRole.CONVENER)
    return list(db.session.scalars(query))


def moderator_candidates(round_: Round) -> list[User]:
    """People with the moderator role who do not moderate this round yet."""
    assigned = {u.id for u in round_.moderators}
    users = db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.MODERATOR).order_by(User.name)
    )
    return [u for u in users if u.id not in assigned and u.is_active]


def organisations_for_convening() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def higher_rounds(exclude_id: int | None = None) -> list[Round]:
    """Rounds another round may feed into (any but the global ones' own level is checked by the form)."""
    query = select(Round).where(Round.level != Level.LOCAL).order_by(Round.title)
    if exclude_id is not None:
        query = query.where(Round.id != exclude_id)
    return list(db.session.scalars(query))


RECEIVED = (State.SUBMITTED, State.CHANGES_REQUESTED, State.PUBLISHED, State.REJECTED, State.HIDDEN)
DECISIONS = ("publish", "reject", "request_changes")


@dataclass
class RoundStats:
    round: Round
    by_state: Counter = field(default_factory=Counter)
    by_group: Counter = field(default_factory=Counter)
    per_day: list[tuple[date, int]] = field(default_factory=list)
    median_decision: timedelta | None = None
    decisions: int = 0

    @property
    def silent_groups(self) -> list[StakeholderGroup]:
        """Groups allowed in the round from which nothing has been received yet."""
        allowed = [g for g in StakeholderGroup if self.round.accepts_group(g)]
        return [g for g in allowed if not self.by_group[g]]

    @property
    def busiest_day(self) -> int:
        return max((n for _, n in self.per_day), default=0)


def dashboard_stats(rounds: list[Round]) -> list[RoundStats]:
    """Counts by state and stakeholder group, submissions per day and median time to
    decision, for every round at once (a handful of grouped queries, not one per round)."""
    stats = {r.id: RoundStats(r) for r in rounds}
    ids = list(stats)
    if not ids:
        return []
    for round_id, state, n in db.session.execute(
        select(Submission.round_id, Submission.state, func.count())
        .where(Submission.round_id.in_(ids)).group_by(Submission.round_id, Submission.state)
    ):
        stats[round_id].by_state[State(state)] = n
    for round_id, group, n in db.session.execute(
        select(Submission.round_id, Organisation.stakeholder_group, func.count())
        .join(Organisation, Submission.organisation_id == Organisation.id)
        .where(Submission.round_id.in_(ids), Submission.state.in_(RECEIVED))
        .group_by(Submission.round_id, Organisation.stakeholder_group)
    ):
        stats[round_id].by_group[StakeholderGroup(group)] = n
    days: dict[int, Counter] = {rid: Counter() for rid in ids}
    for round_id, submitted_at in db.session.execute(
        select(Submission.round_id, Submission.submitted_at)
        .where(Submission.round_id.in_(ids), Submission.submitted_at.is_not(None))
    ):
        days[round_id][in_zone(submitted_at, stats[round_id].round.timezone).date()] += 1
    for round_id, counter in days.items():
        stats[round_id].per_day = sorted(counter.items())
    _decision_times(stats)
    return [stats[r.id] for r in rounds]


def _decision_times(stats: dict[int, RoundStats]) -> None:
    """From the audit trail: each decision paired with the latest submit before it."""
    rows = db.session.execute(
        select(Submission.round_id, AuditEvent.object_id, AuditEvent.action, AuditEvent.created_at)
        .join(Submission, and_(AuditEvent.object_type == "submissions", AuditEvent.object_id == Submission.id))
        .where(Submission.round_id.in_(list(stats)), AuditEvent.action.in_(("submit",) + DECISIONS))
        .order_by(AuditEvent.object_id, AuditEvent.created_at, AuditEvent.id)
    )
    waits: dict[int, list[float]] = {rid: [] for rid in stats}
    submitted: dict[int, datetime] = {}
    for round_id, submission_id, action, at in rows:
        if action == "submit":
            submitted[submission_id] = at
        elif submission_id in submitted:
            waits[round_id].append((at - submitted.pop(submission_id)).total_seconds())
    for round_id, seconds in waits.items():
        if seconds:
            stats[round_id].median_decision = timedelta(seconds=median(seconds))
            stats[round_id].decisions = len(seconds)


def deadline_extensions(round_: Round) -> list[RoundDeadlineChange]:
    return [c for c in round_.deadline_changes if c.kind == DeadlineChangeKind.EXTENDED]
