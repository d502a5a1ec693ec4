"""Error pages in the site's layout. A 500 page never touches the database."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException, SecurityError

from consult import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Not allowed"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("We could not find that page. It may have moved, or the address may be mistyped.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("File too large"), _l("What you sent is larger than this site accepts. Your typed text "
                                   "is kept in this browser: go back, remove the largest file and send again. "
                                   "If JavaScript is off, go back and copy your text before you reload.")),
    429: (_l("Too many attempts"), _l("Please wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened on our side. Please try again in a moment.")),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if isinstance(exc, SecurityError):
            # A Host this site does not answer to (TRUSTED_HOSTS): nothing can be routed or
            # linked for it, so no page in the site's layout either.
            return "Unknown host.\n", 400, {"Content-Type": "text/plain; charset=utf-8"}
        if exc.code == 401:
            # Anonymous visitors of a members-only page are sent to log in, then back.
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if isinstance(exc, RateLimitExceeded) and exc.limit.error_message:
            return render_error(429, message=exc.limit.error_message)  # says what to wait for
        return render_error(exc.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)


def render_error(code: int, message=None):
    title, default_message = MESSAGES.get(code) or MESSAGES[500 if code >= 500 else 400]
    message = message or default_message
    if request.path.startswith("/api/"):
        return jsonify({"error": {"status": code, "message": str(message)}}), code
    return render_template("errors/error.html", code=code, title=title, message=message), code
