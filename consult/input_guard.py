"""NUL characters and impossible ids never reach the database.

PostgreSQL refuses text holding NUL (0x00), so a query string or form field with one would
turn any lookup into a server error there (SQLite stores it silently). No person types a
NUL: they are removed from every query argument and form field before a view runs.
"""
from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.datastructures import ImmutableMultiDict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _without_nul(values: ImmutableMultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        [(key.replace("\x00", ""), value.replace("\x00", "")) for key, value in values.items(multi=True)]
    )


def init_app(app: Flask) -> None:
    @app.before_request
    def _strip_nul():
        if "\x00" in request.path:
            abort(404)  # no address on this site holds one
        if any(isinstance(v, int) and not 0 <= v < 2**31 for v in (request.view_args or {}).values()):
            abort(404)  # no row has such an id; PostgreSQL would refuse to even look
        if b"%00" in request.query_string or b"\x00" in request.query_string:
            request.args = _without_nul(request.args)
        if request.method in ("POST", "PUT", "PATCH") and request.mimetype in FORM_TYPES:
            if any("\x00" in key or "\x00" in value for key, value in request.form.items(multi=True)):
                request.form = _without_nul(request.form)
