"""Read helpers for rounds."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Select, and_, func, or_, select

from consult import db
from consult.db import utcnow
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Level, Round, RoundPhase, RoundStatus
from consult.submissions.models import Submission


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


def public_submissions(round_id: int) -> list[Submission]:
    return list(
        db.session.scalars(
            select(Submission)
            .where(Submission.round_id == round_id, Submission.public_clause())
            .order_by(Submission.published_at.desc())
        )
    )


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


def region_choices() -> list[str]:
    """Regions and countries that public rounds name, for the filter."""
    rows = db.session.execute(
        select(Round.region, Round.country).where(Round.status != RoundStatus.DRAFT).distinct()
    )
    return sorted({value for row in rows for value in row if value})


def year_choices() -> list[int]:
    rows = db.session.scalars(select(Round.opens_at).where(Round.status != RoundStatus.DRAFT))
    return sorted({d.year for d in rows}, reverse=True)
