"""Helpers for the search tests: drain the outbox, read the ids the index holds."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from whoosh import index as whoosh_index

from consult import db
from consult.search import index, indexer, searcher
from consult.submissions.models import Submission


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


@pytest.fixture()
def index_ids(app):
    def _ids() -> set[int]:
        generation = index.current_dir(app.config["SEARCH_INDEX_DIR"])
        if generation is None:
            return set()
        ix = whoosh_index.open_dir(str(generation))
        with ix.searcher() as s:
            ids = {int(fields["id"]) for fields in s.all_stored_fields()}
        ix.close()
        return ids
    return _ids


def public_ids() -> set[int]:
    return set(db.session.scalars(select(Submission.id).where(Submission.public_clause())))
