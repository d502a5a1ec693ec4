"""Figures about the input a round received, for the convener's dashboard: counts by state
and stakeholder group, submissions per day, time to decision. Here, not in rounds/, because
they are questions about submissions (a submission belongs to a round, not the reverse)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import and_, func, select

from consult import db
from consult.audit import AuditEvent
from consult.campaigns import queries as campaign_queries
from consult.cosigning import queries as cosigning_queries
from consult.dates import in_zone
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Round
from consult.submissions.models import Submission
from consult.submissions.states import State

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
    # (letters in campaigns, campaigns, other submissions) received: copies are not distinct views.
    campaigns: tuple[int, int, int] = (0, 0, 0)

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
    # Co-signed input counts for its lead's group and for each confirmed co-signer's.
    voices = cosigning_queries.voices(Submission.round_id, Organisation.stakeholder_group,
                                      where=Submission.round_id.in_(ids) & Submission.state.in_(RECEIVED))
    for round_id, group, n in db.session.execute(
        select(voices.c.round_id, voices.c.stakeholder_group, func.count())
        .group_by(voices.c.round_id, voices.c.stakeholder_group)
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
    for round_id, figures in campaign_queries.received_by_round(ids).items():
        stats[round_id].campaigns = figures
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
