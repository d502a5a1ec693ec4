import importlib
import pkgutil
from dataclasses import dataclass

import pytest
from flask import Flask

import tests
from consult import create_app, db
from consult.limits import limiter
from tests.access import VISITORS, World
from tests.conftest import app_on
from tests.factories import Factories

pytestmark = pytest.mark.long


def all_rules():
    rules = []
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        # One access_rules.py per capability, and access_rules_<part>.py beside it where
        # several parts of a capability are built apart (analysis' suggestions, matrix).
        if module.name.rsplit(".", 1)[-1].startswith("access_rules"):
            rules.extend(importlib.import_module(module.name).RULES)
    return rules


RULES = all_rules()


def test_every_endpoint_has_an_access_rule(app):
    covered = {rule.endpoint for rule in RULES}
    missing = sorted({r.endpoint for r in app.url_map.iter_rules()} - covered)
    assert missing == [], f"endpoints without an access rule in tests/*/access_rules.py: {missing}"


@dataclass
class SharedWorld:
    app: Flask
    users: dict[str, str]  # visitor -> the id a session holds
    targets: dict[int, tuple[str, dict | None]]  # id(rule) -> its url and form data

    def client(self, visitor: str):
        limiter.reset()  # hundreds of requests from one address: limits have tests of their own
        client = self.app.test_client()
        if visitor != "anonymous":
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = self.users[visitor], True
        return client


@pytest.fixture(scope="module")
def world(database_url, tmp_path_factory):
    """One world for every rule of this module, built once: each rule's requests are reads
    or refusals, which change nothing another rule sees (a world built for each of the
    ~850 rules was a fifth of the suite's time). Emptied when the module is done (the
    suite runs a module's tests together on one worker: ``--dist loadfile``)."""
    with app_on(database_url, tmp_path_factory.mktemp("matrix")) as app:
        with app.app_context():  # factories that write files (attachments) need the app's settings
            built = World.build(Factories())
            db.session.commit()
            shared = SharedWorld(app, {visitor: user.get_id() for visitor, user in built.users.items()},
                                 {id(rule): (rule.url(built), rule.data(built) if rule.data else None) for rule in RULES})
            db.session.remove()
        yield shared


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_access(world, rule):
    url, data = world.targets[id(rule)]
    outcomes = {visitor: world.client(visitor).open(url, method=rule.method, data=data).status_code
                for visitor in VISITORS}
    assert outcomes == rule.expect


def _missing(app, url: str, method: str) -> str | None:
    """``url`` with every identifier in it (id, slug, reference) replaced by one that does
    not exist; None when it names nothing."""
    path, _, query = url.partition("?")
    adapter = app.url_map.bind("localhost")
    endpoint, args = adapter.match(path, method=method)
    converters = next(r for r in app.url_map.iter_rules(endpoint) if r.methods and method in r.methods)._converters
    changed = {}
    for name, value in args.items():
        converter = type(converters.get(name)).__name__
        if converter == "IntegerConverter":
            changed[name] = 987654
        elif converter in ("UnicodeConverter", "PathConverter"):
            changed[name] = "no-such-thing"
    if not changed:
        return None
    return adapter.build(endpoint, {**args, **changed}) + (f"?{query}" if query else "")


def _answer(response) -> tuple:
    """What a visitor learns from a refusal: its status, and whether it sends them to log in."""
    return response.status_code, response.headers.get("Location", "").startswith("/login")


# Refused about something public (an open round's statistics, not yet published): the
# refusal reveals nothing the public page does not show.
REFUSED_ABOUT_PUBLIC_THINGS = {"api.round_statistics", "public.round_statistics"}


_URL_MAP = create_app({}).url_map  # one app for collection, not one per rule


def _names_something(endpoint: str) -> bool:
    return any(rule.arguments for rule in _URL_MAP.iter_rules(endpoint))


@pytest.mark.parametrize("rule", [r for r in RULES if r.endpoint not in REFUSED_ABOUT_PUBLIC_THINGS
                                  and _names_something(r.endpoint)], ids=str)
def test_a_visitor_sent_to_log_in_cannot_tell_whether_the_thing_exists(world, rule):
    """An anonymous visitor refused a page about a draft round, an unpublished submission or
    another organisation's file gets the same answer as for one that does not exist at all."""
    url, data = world.targets[id(rule)]
    missing = _missing(world.app, url, rule.method)
    if missing is None:  # an endpoint with an address of its own without one (the all-rounds feed)
        pytest.skip("no identifier in this address")
    client = world.client("anonymous")
    real = _answer(client.open(url, method=rule.method, data=data))
    if real[0] in (401, 403, 404) or real == (302, True):
        assert _answer(client.open(missing, method=rule.method, data=data)) == real
