"""A small per-process cache of public pages for anonymous visitors.

Public pages are read far more often than anything changes. Every change that can alter a
public page writes an audit event (services always do), so the newest audit id is a version
of "everything public"; a cached page is served while that version is unchanged and the
page is younger than its time-to-live (deadlines in words, like "closes in 3 days", age with
the clock). The version is looked up at most once a second per process. Logged-in users and
visitors with a pending flash message always get a freshly rendered page.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from functools import wraps
from threading import Lock

from flask import Response, current_app, make_response, request, session
from flask_babel import get_locale
from sqlalchemy import func, select

from consult import db
from consult.audit import AuditEvent

MAX_ENTRIES = 1024
VERSION_CHECK_SECONDS = 1.0

_entries: OrderedDict[tuple, tuple[int, float, Response]] = OrderedDict()
_lock = Lock()
_version = {"value": -1, "checked": 0.0}


def public_version() -> int:
    now = time.monotonic()
    if now - _version["checked"] >= VERSION_CHECK_SECONDS:
        _version["value"] = db.session.scalar(select(func.max(AuditEvent.id))) or 0
        _version["checked"] = now
    return _version["value"]


def clear() -> None:
    with _lock:
        _entries.clear()
    _version.update(value=-1, checked=0.0)


def _cacheable() -> bool:
    return (
        current_app.config["PUBLIC_PAGE_CACHE"]
        and request.method == "GET"
        and "_user_id" not in session
        and not session.get("_flashes")
    )


def cached_page(ttl: int = 60):
    """Serve an anonymous visitor the page rendered for the previous one, while fresh."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not _cacheable():
                return view(*args, **kwargs)
            # The host too: a page rendered for a forged Host header is never served to others.
            key = (request.host, request.full_path, str(get_locale()))
            version = public_version()
            now = time.monotonic()
            with _lock:
                hit = _entries.get(key)
                if hit and hit[0] == version and hit[1] > now:
                    _entries.move_to_end(key)
                    return _copy(hit[2])
            response = make_response(view(*args, **kwargs))
            # A page that wrote to the session (a CSRF token for a form) belongs to this visitor.
            personal = session.modified or "Set-Cookie" in response.headers
            if response.status_code == 200 and not response.is_streamed and not personal:
                with _lock:
                    _entries[key] = (version, now + ttl, _copy(response))
                    while len(_entries) > MAX_ENTRIES:
                        _entries.popitem(last=False)
            return response

        return wrapped

    return decorator


def _copy(response: Response) -> Response:
    return Response(response.get_data(), status=response.status_code, headers=list(response.headers.items()))


def conditional(response: Response) -> Response:
    """ETag on a public read, so that feed readers and scripts re-download only changes."""
    response.add_etag()
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)
