"""The access-control matrix: every endpoint × every kind of visitor → expected status.

Each capability lists its rules in ``tests/<capability>/access_rules.py`` as ``RULES``.
``tests/test_access_matrix.py`` fails for any endpoint of the URL map without a rule, so a
new page cannot ship without someone deciding who may see it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from consult.organisations.models import StakeholderGroup
from consult.rounds.models import RoundStatus
from consult.security import Role
from consult.submissions.states import State
from tests.analysis import factories as analysis_factories

VISITORS = ("anonymous", "member_a", "member_b", "moderator", "convener", "admin")
LOGIN = 302  # anonymous visitors are sent to log in


@dataclass
class World:
    """One small consultation with someone in every position."""

    users: dict = field(default_factory=dict)

    @classmethod
    def build(cls, make) -> World:
        world = cls()
        world.org_a = make.organisation("Organisation A")
        world.org_b = make.organisation("Organisation B", group=StakeholderGroup.TRADE_UNION)
        world.users = {
            "member_a": make.user(organisation=world.org_a),
            "member_b": make.user(organisation=world.org_b),
            "moderator": make.user(Role.MODERATOR),
            "convener": make.user(Role.CONVENER),
            "admin": make.user(Role.ADMIN),
        }
        world.round = make.round(convener=world.users["convener"], moderator=world.users["moderator"])
        world.round.accepts_individuals = True  # its start page offers "send as myself" too
        world.draft_round = make.round(status=RoundStatus.DRAFT, convener=world.users["convener"])
        world.published = make.submission(world.round, world.org_a, state=State.PUBLISHED)
        world.pending = make.submission(world.round, world.org_a, state=State.SUBMITTED)
        world.draft = make.submission(world.round, world.org_a, state=State.DRAFT)
        world.other_convener = make.user(Role.CONVENER)
        world.other_round = make.round(convener=world.other_convener)
        world.rejected = make.submission(world.round, world.org_a, state=State.REJECTED)
        world.report = make.report(world.published)
        world.redaction = make.redaction(world.published, "fees")
        world.published_file = make.attachment(world.published)
        world.round_document = make.round_document(world.round)
        world.draft_document = make.round_document(world.draft_round)
        world.pending_file = make.attachment(world.pending)
        world.closed_round = make.closed_round(convener=world.users["convener"])  # outcome drafted, unpublished
        world.draft_recommendation = make.outcome(world.closed_round).recommendations[0]
        world.concluded_round = make.closed_round(convener=world.users["convener"])  # outcome published
        world.unanalysed_round = make.closed_round(convener=world.users["convener"])  # no codebook: one may start
        world.recommendation = make.outcome(world.concluded_round, publish=True).recommendations[0]
        make.update_right(world.recommendation, world.org_a)  # org_a reports on it; org_b may not
        world.cosignature = make.cosignature(world.pending, world.org_b)  # org_b asked to co-sign A's input
        world.campaign = make.campaign(world.round, letters=3)  # its letters await a decision
        world.public_campaign = make.campaign(world.round, letters=2, state=State.PUBLISHED)
        world.other_campaign = make.campaign(world.other_round, letters=2)
        world.decision_under_way = make.campaign_decision(world.public_campaign)
        world.other_decision = make.campaign_decision(world.other_campaign)
        analysis_factories.add_to_world(world)  # issue 19: codebooks, themes, a tag
        return world


@dataclass(frozen=True)
class Rule:
    endpoint: str
    url: Callable[[World], str]
    expect: dict[str, int]
    method: str = "GET"
    data: Callable[[World], dict] | None = None
    name: str = ""

    def __str__(self) -> str:
        return self.name or f"{self.method} {self.endpoint}"


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(VISITORS, status)


def expect(default: int, **overrides: int) -> dict[str, int]:
    result = dict.fromkeys(VISITORS, default)
    result.update(overrides)
    return result
