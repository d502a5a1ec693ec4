"""Helpers for the search tests: drain the outbox, read the ids the index holds.

Every test in this folder runs once per engine (``search_backend``): one conformance suite
holds Whoosh and tantivy to the same behaviour. A module whose tests do not depend on the
engine pins it by defining its own ``search_backend`` fixture."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from consult import db
from consult.search import engine as engines
from consult.search import index, indexer, searcher
from consult.submissions.models import Submission

ENGINES = tuple(engines.BACKENDS)


@pytest.fixture(params=ENGINES)
def search_backend(request) -> str:
    return request.param


@pytest.fixture(autouse=True)
def _close_searchers():
    yield
    searcher.close_all()


@pytest.fixture()
def drain(app):
    def _drain():
        db.session.commit()
        with app.app_context():  # a session of its own, as in another process
            return indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    return _drain


def live_generation(app):
    """The configured engine and its live generation (None before the first drain)."""
    engine = engines.configured(app.config)
    return engine, index.current_dir(index.engine_dir(app.config["SEARCH_INDEX_DIR"], engine.name))


@pytest.fixture()
def index_ids(app):
    def _ids() -> set[int]:
        engine, generation = live_generation(app)
        return set() if generation is None else engine.ids(generation)
    return _ids


def public_ids() -> set[int]:
    return set(db.session.scalars(select(Submission.id).where(Submission.public_clause())))
