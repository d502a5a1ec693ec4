"""Drain the outbox right after a request that enqueued something, once the response has
been sent: the index is usually current before the visitor's next click. The drain takes
the index lock without waiting; if another process holds it, that process (or ``search
watch``) applies the entry. Nothing here can turn into an error for the visitor.

It never reads an attachment's text (``read_files`` stays off): a file can cost far more
than a worker may spend, so the indexer's process reads it and re-indexes the submission."""
from __future__ import annotations

import logging

from flask import Flask, current_app, g

from consult import db

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    @app.after_request
    def _drain_after_commit(response):
        if g.pop("search_outbox_touched", False) and app.config.get("SEARCH_DRAIN_AFTER_REQUEST", True):
            real_app = current_app._get_current_object()
            response.call_on_close(lambda: drain_quietly(real_app))
        return response


def drain_quietly(app: Flask) -> None:
    from consult.search import indexer

    with app.app_context():
        try:
            indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=False)
        except Exception:  # the index is derived: the next drain repairs whatever failed here
            log.exception("search drain after request failed; it will be retried")
        finally:
            db.session.remove()
