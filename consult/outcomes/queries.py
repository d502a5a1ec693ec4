"""Read helpers for outcomes, the register of recommendations and the flow between levels."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from flask import abort
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from consult import db
from consult.outcomes.models import Forwarding, Outcome, Recommendation
from consult.outcomes.states import Addressee, OutcomeStatus, RecommendationStatus
from consult.rounds.models import Level, Round, RoundSession, RoundStatus
from consult.submissions.models import Submission


def _contains(word: str) -> str:
    """A LIKE pattern for "contains ``word``", with the user's % and _ taken literally."""
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def outcome_of(round_: Round) -> Outcome | None:
    return db.session.scalar(select(Outcome).where(Outcome.round_id == round_.id))


def recommendation_or_404(recommendation_id: int, user) -> Recommendation:
    """A recommendation ``user`` may see; any other is not admitted to exist."""
    recommendation = db.session.get(Recommendation, recommendation_id)
    if recommendation is None or not recommendation.can_view(user):
        abort(404)
    return recommendation


def public_clause():
    """SQL: may the public see this recommendation? (Its outcome is published.)"""
    return Recommendation.outcome.has(
        and_(Outcome.status == OutcomeStatus.PUBLISHED, Outcome.round.has(Round.status != RoundStatus.DRAFT))
    )


def forwarded_into(round_: Round) -> list[Recommendation]:
    """Recommendations forwarded to ``round_`` from the rounds that feed it, by origin."""
    return list(db.session.scalars(
        select(Recommendation)
        .join(Forwarding, Recommendation.forwarding_id == Forwarding.id)
        .where(Forwarding.to_round_id == round_.id, public_clause())
        .order_by(Forwarding.forwarded_at, Recommendation.outcome_id, Recommendation.position)
    ))


def search_public_submissions(round_: Round, words: str, limit: int = 20) -> list[Submission]:
    """The round's public input whose title or reference holds every word (the picker)."""
    statement = select(Submission).where(Submission.round_id == round_.id, Submission.public_clause())
    for word in words.split()[:8]:
        needle = _contains(word[:60])
        statement = statement.where(or_(func.lower(Submission.title).like(needle, escape="\\"),
                                        func.lower(Submission.reference).like(needle, escape="\\")))
    return list(db.session.scalars(statement.order_by(Submission.reference).limit(limit)))


def public_submissions_by_id(round_: Round, ids) -> list[Submission]:
    if not ids:
        return []
    return list(db.session.scalars(
        select(Submission).where(Submission.round_id == round_.id, Submission.id.in_(ids), Submission.public_clause())
        .order_by(Submission.reference)
    ))


@dataclass
class RoundOutcomeView:
    """What a round's public page shows of outcomes: its own, what was forwarded to it,
    and what became of its recommendations higher up."""

    outcome: Outcome | None = None
    forwarded_in: list[Recommendation] = field(default_factory=list)
    higher_outcome: Outcome | None = None
    became: list[tuple[Recommendation, list[Recommendation]]] = field(default_factory=list)


def round_outcome_view(round_: Round, user) -> RoundOutcomeView:
    view = RoundOutcomeView()
    outcome = outcome_of(round_)
    if outcome is not None and outcome.can_view(user):
        view.outcome = outcome
    view.forwarded_in = forwarded_into(round_)
    if round_.feeds_into is not None:
        # The higher round's outcome shows on every round that feeds it, forwarded or not.
        higher = outcome_of(round_.feeds_into)
        view.higher_outcome = higher if higher is not None and higher.is_public() else None
    if outcome is not None and outcome.is_public():
        view.became = [(r, r.public_cited_by()) for r in outcome.recommendations if r.forwarding is not None]
    return view


# --- the register ---------------------------------------------------------------------
@dataclass
class RegisterFilters:
    status: RecommendationStatus | None = None
    addressee: Addressee | None = None
    level: Level | None = None
    theme: str | None = None
    year: int | None = None
    round: str | None = None

    @classmethod
    def from_args(cls, args) -> RegisterFilters:
        """Unknown or malformed values are ignored rather than refused (a shared link with
        an outdated filter still lists recommendations)."""
        status, addressee, level = args.get("status"), args.get("addressee"), args.get("level")
        year = args.get("year", "")
        return cls(
            status=RecommendationStatus(status) if status in RecommendationStatus._value2member_map_ else None,
            addressee=Addressee(addressee) if addressee in Addressee._value2member_map_ else None,
            level=Level(level) if level in Level._value2member_map_ else None,
            theme=" ".join((args.get("theme") or "").split())[:80] or None,
            year=int(year) if year.isdigit() and 1900 < int(year) < 3000 else None,
            round=(args.get("round") or "").strip()[:80] or None,
        )

    def as_args(self) -> dict[str, str]:
        values = {"status": self.status, "addressee": self.addressee, "level": self.level,
                  "theme": self.theme, "year": self.year, "round": self.round}
        return {k: str(v) for k, v in values.items() if v}


def register_statement(filters: RegisterFilters, *, with_status: bool = True) -> Select:
    statement = (
        select(Recommendation)
        .join(Outcome, Recommendation.outcome_id == Outcome.id)
        .join(Round, Outcome.round_id == Round.id)
        .outerjoin(RoundSession, Recommendation.session_id == RoundSession.id)
        .where(Outcome.status == OutcomeStatus.PUBLISHED, Round.status != RoundStatus.DRAFT)
    )
    if with_status and filters.status:
        statement = statement.where(Recommendation.status == filters.status)
    if filters.addressee:
        statement = statement.where(Recommendation.addressee == filters.addressee)
    if filters.level:
        statement = statement.where(Round.level == filters.level)
    if filters.round:
        statement = statement.where(Round.slug == filters.round)
    if filters.theme:
        for word in filters.theme.lower().split()[:6]:
            needle = _contains(word)
            statement = statement.where(or_(func.lower(Recommendation.theme).like(needle, escape="\\"),
                                            func.lower(RoundSession.title).like(needle, escape="\\")))
    if filters.year:
        start = datetime(filters.year, 1, 1, tzinfo=timezone.utc)
        statement = statement.where(Outcome.published_at >= start,
                                    Outcome.published_at < start.replace(year=filters.year + 1))
    return statement.order_by(Outcome.published_at.desc(), Round.id, Recommendation.position)


def status_counts(filters: RegisterFilters) -> Counter:
    """Recommendations per status under every filter but the status one."""
    inner = register_statement(filters, with_status=False).order_by(None).with_only_columns(Recommendation.status)
    sub = inner.subquery()
    rows = db.session.execute(select(sub.c.status, func.count()).group_by(sub.c.status))
    return Counter({RecommendationStatus(status): n for status, n in rows})


def with_details(statement: Select) -> Select:
    return statement.options(
        selectinload(Recommendation.outcome).selectinload(Outcome.round),
        selectinload(Recommendation.session),
        selectinload(Recommendation.supporting_submissions),
        selectinload(Recommendation.cites),
        selectinload(Recommendation.forwarding),
    )


def publication_years() -> list[int]:
    rows = db.session.scalars(select(Outcome.published_at).where(Outcome.status == OutcomeStatus.PUBLISHED))
    return sorted({d.year for d in rows if d}, reverse=True)

