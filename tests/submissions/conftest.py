from dataclasses import dataclass

import pytest

from consult import db
from consult.submissions.states import State
from tests.conftest import login


@dataclass
class Scene:
    round: object
    org: object
    member: object
    draft: object


@pytest.fixture()
def scene(make, client):
    round_ = make.round(timezone="Europe/Paris")
    org = make.organisation("Migrant Rights Network")
    member = make.user(organisation=org, email="officer@mrn.example")
    draft = make.submission(round_, org, state=State.DRAFT, title="Our draft", author=member)
    db.session.commit()
    login(client, member)
    return Scene(round_, org, member, draft)
