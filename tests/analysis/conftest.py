from __future__ import annotations

from dataclasses import dataclass

import pytest

from consult.organisations.models import Organisation
from consult.rounds.models import Round
from consult.security import Role


@dataclass
class Analysts:
    round: Round
    org: Organisation
    moderator: object
    convener: object
    member: object


@pytest.fixture()
def analysts(make) -> Analysts:
    moderator = make.user(Role.MODERATOR, name="Mona Moderator")
    convener = make.user(Role.CONVENER, name="Carl Convener")
    round_ = make.closed_round(convener=convener, moderator=moderator, sessions=2)
    round_.sessions[1].description = "How recruitment agencies are licensed."
    org = make.organisation("Migrant Rights Network")
    member = make.user(organisation=org)
    return Analysts(round_, org, moderator, convener, member)
