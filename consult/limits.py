"""Rate limits (Flask-Limiter). Storage is memory by default; set
``CONSULT_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0`` in production so that limits hold
across workers and servers."""
from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    limiter.init_app(app)
