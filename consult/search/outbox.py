"""Enqueueing side of the search outbox, called by services inside their transaction."""
from __future__ import annotations

from flask import g, has_app_context

from consult import db
from consult.search.models import OutboxOperation, SearchOutbox


def enqueue(submission_id: int, operation: OutboxOperation = OutboxOperation.REFRESH) -> None:
    db.session.add(SearchOutbox(submission_id=submission_id, operation=operation.value))
    if has_app_context():
        # Tells the after-request hook to drain once the response is sent (see drain_hook).
        g.search_outbox_touched = True
