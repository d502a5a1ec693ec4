"""Fixtures: ``app``, ``client``, ``runner``, ``db_session`` and factories.

The suite runs on a SQLite file by default and on PostgreSQL when
``CONSULT_TEST_DATABASE_URL`` names one (CI does both). The schema is built once per run
by the migrations themselves; each test starts from empty tables.
"""
from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url, text
from werkzeug.routing import Rule

from consult import create_app, db, migrate
from consult.public import cache as page_cache
from consult.models import metadata
from tests.factories import Factories

TEST_DATABASE_URL = os.environ.get("CONSULT_TEST_DATABASE_URL")


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def pytest_collection_modifyitems(items):
    """Modules marked ``long`` first: the suite's processes take whole modules in this order
    (``--dist loadfile --no-loadscope-reorder``), and a minute-long module taken last would
    leave the other processes idle while it runs."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if is_postgres(url):
        url = _database_of_this_worker(url, os.environ.get("PYTEST_XDIST_WORKER", "gw0"))
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"DATABASE_URL": url})
    migrate.upgrade(app)
    app.extensions["db_engine"].dispose()
    yield url
    if is_postgres(url) and url != TEST_DATABASE_URL:
        _with_server(TEST_DATABASE_URL, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def _database_of_this_worker(url: str, worker_id: str) -> str:
    """With several test processes (``make test`` runs one per core), each empties its own
    tables: the database named in the URL serves the first, ``<name>_gw1`` the second..."""
    if worker_id == "gw0":
        return url
    name = f"{make_url(url).database}_{worker_id}"
    _with_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _with_server(url: str, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")  # CREATE DATABASE runs outside a transaction
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture()
def search_backend() -> str:
    """The search engine of the app under test: Whoosh unless CONSULT_TEST_SEARCH_BACKEND
    names another (the search tests run on every engine, see tests/search/conftest.py)."""
    return os.environ.get("CONSULT_TEST_SEARCH_BACKEND", "whoosh")


@pytest.fixture()
def app(database_url, tmp_path, search_backend):
    with app_on(database_url, tmp_path, search_backend) as app:
        yield app


@contextmanager
def app_on(database_url: str, folder, search_backend: str = "whoosh"):
    """An app on the test database, its files in ``folder``; its tables are emptied after.
    A module whose tests all read one world built once (the access matrix, the demo's pages)
    holds one for the whole module: its tests must not take ``app``, whose end would empty
    the tables under them."""
    app = create_app({"DATABASE_URL": database_url, "UPLOAD_DIR": str(folder / "uploads"),
                      "SEARCH_INDEX_DIR": str(folder / "search_index"), "SEARCH_BACKEND": search_backend})
    page_cache.clear()
    yield app
    db.session.remove()
    empty_tables(app.extensions["db_engine"])
    app.extensions["db_engine"].dispose()


def empty_tables(engine) -> None:
    """DELETE, children first, rather than PostgreSQL's TRUNCATE: a third of a second per test
    for ninety tables, against a hundredth. Sequences restart as TRUNCATE's RESTART IDENTITY would."""
    tables = [t.name for t in reversed(metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("; ".join(f"DELETE FROM {name}" for name in tables))
            conn.exec_driver_sql(
                "SELECT setval(c.oid::regclass, 1, false) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'S' AND n.nspname = current_schema()"
            )
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


def _compile_url_builders_once() -> None:
    """Each test makes its own app, and most of the time that takes is werkzeug compiling a URL
    builder for each of some seven hundred rules. A builder depends only on the rule's text,
    defaults and parsed parts (it reaches its converters through the rule it is bound to), so
    one compiled per test process serves every app."""
    compile_builder = Rule._compile_builder
    builders: dict = {}

    def remembered(rule: Rule, append_unknown: bool = True):
        key = (rule.rule, tuple(rule._trace), repr(rule.defaults), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = remembered


_compile_url_builders_once()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


@pytest.fixture()
def db_session(app):
    return db.session


@pytest.fixture()
def make(app) -> Factories:
    """Factories: ``make.user(...)``, ``make.organisation(...)``, ``make.round(...)``,
    ``make.submission(...)``. Each flushes and returns the object."""
    return Factories()


def login(client, user) -> None:
    """Log ``user`` in through the session, as Flask-Login would after a real login."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture()
def dev_server(tmp_path):
    """``make run``'s web server as a real process (tests/devserver.py), its database migrated:
    prepare data with ``dev_server.database()``, then ``dev_server.start()``."""
    from tests.devserver import DevServer

    server = DevServer(tmp_path / "make-run")
    server.migrate()
    yield server
    server.stop()
