"""Security headers on every response.

The Content-Security-Policy allows no inline script or style at all, so templates keep
JavaScript in static files and never use ``style=`` or ``on*=`` attributes.
"""
from __future__ import annotations

from flask import Flask, Response, request, session

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# An uploaded file that a browser opens all the same (a PDF viewer, a type guessed wrongly)
# runs sandboxed: no script, no access to the site's origin or cookies, nothing loaded.
DOWNLOAD_POLICY = "sandbox; default-src 'none'"


def as_download(response: Response) -> Response:
    """Mark a file served for download (sent with Content-Disposition: attachment)."""
    response.headers["Content-Security-Policy"] = DOWNLOAD_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["ENV_NAME"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # A logged-in page may show private drafts: never keep it in a shared or back cache.
        # (Logged in: the session says so, no need to load the user.) Static files are the
        # same for everyone and cached by their versioned address (static_files.py).
        if request.endpoint != "static" and "_user_id" in session:
            headers["Cache-Control"] = "no-store"
            headers.add("Vary", "Cookie")
        return response
