"""Stylesheets and scripts cached by browsers for a year, refetched when they change.

Every ``url_for('static', ...)`` carries ``?v=`` and the first characters of the file's
sha256, so a deploy that changes a file changes its address. A browser on a slow
connection then loads a page without asking again for files it already has.
"""
from __future__ import annotations

import hashlib
import os
import stat

from flask import Flask, request
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    versions: dict[str, tuple[int, str]] = {}

    def version(filename: str) -> str | None:
        path = safe_join(app.static_folder, filename)
        try:
            status = os.stat(path) if path else None
            if status is None or not stat.S_ISREG(status.st_mode):
                return None  # outside the folder or a folder: the static view answers 404
            cached = versions.get(path)
            if cached is None or cached[0] != status.st_mtime_ns:
                with open(path, "rb") as f:
                    cached = (status.st_mtime_ns, hashlib.sha256(f.read()).hexdigest()[:12])
                versions[path] = cached
        except OSError:
            return None  # missing: the static view answers 404
        return cached[1]

    @app.url_defaults
    def _add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            stamp = version(values["filename"])
            if stamp:
                values["v"] = stamp

    default_max_age = app.get_send_file_max_age

    def max_age(filename: str | None) -> int | None:
        if request.args.get("v") and request.args["v"] == version(filename or ""):
            return ONE_YEAR
        return default_max_age(filename)

    app.get_send_file_max_age = max_age
