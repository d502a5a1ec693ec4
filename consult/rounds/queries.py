"""Read helpers for rounds."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select

from consult import db
from consult.db import utcnow
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Round, RoundStatus
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
