import importlib
import pkgutil

import pytest

import tests
from consult import db
from tests.access import VISITORS, World
from tests.conftest import login


def all_rules():
    rules = []
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".access_rules"):
            rules.extend(importlib.import_module(module.name).RULES)
    return rules


RULES = all_rules()


def test_every_endpoint_has_an_access_rule(app):
    covered = {rule.endpoint for rule in RULES}
    missing = sorted({r.endpoint for r in app.url_map.iter_rules()} - covered)
    assert missing == [], f"endpoints without an access rule in tests/*/access_rules.py: {missing}"


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_access(app, make, rule):
    with app.app_context():  # factories that write files (attachments) need the app's settings
        world = World.build(make)
        db.session.commit()
        url = rule.url(world)
        data = rule.data(world) if rule.data else None
    outcomes = {}
    for visitor in VISITORS:
        client = app.test_client()
        if visitor != "anonymous":
            login(client, world.users[visitor])
        response = client.open(url, method=rule.method, data=data)
        outcomes[visitor] = response.status_code
    assert outcomes == rule.expect
