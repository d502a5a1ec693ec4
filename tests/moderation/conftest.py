from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from consult.organisations.models import Organisation
from consult.rounds.models import Round
from consult.security import Role


@pytest.fixture()
def in_request(app):
    """Services render emails and links: run the whole test inside one request context
    (factories included, so that they share its database session)."""
    with app.test_request_context():
        yield


@dataclass
class Staff:
    round: Round
    org: Organisation
    member: object
    moderator: object
    convener: object
    admin: object
    outsider: object


@pytest.fixture()
def staff(make) -> Staff:
    moderator = make.user(Role.MODERATOR, name="Mona Moderator")
    convener = make.user(Role.CONVENER, name="Carl Convener")
    round_ = make.round(convener=convener, moderator=moderator)
    org = make.organisation("Migrant Rights Network")
    member = make.user(organisation=org, email="officer@mrn.example")
    return Staff(round_, org, member, moderator, convener, make.user(Role.ADMIN, name="Ada Admin"), make.user())


def csrf_token(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
