"""Configuration classes.

Every setting can be overridden by an environment variable named ``CONSULT_<SETTING>``
(``CONSULT_DATABASE_URL``, ``CONSULT_SECRET_KEY``, ...). ``CONSULT_ENV`` picks the class:
``development`` (default), ``testing`` or ``production``.
"""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEFAULT_SECRET_KEY = "dev-only-not-secret"


class ConfigError(RuntimeError):
    """The configuration cannot run safely (e.g. production without secrets)."""


class Config:
    ENV_NAME = "development"
    SECRET_KEY = DEFAULT_SECRET_KEY
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'consult.db'}"
    DATABASE_ECHO = False
    SEARCH_INDEX_DIR = str(BASE_DIR / "search_index")
    UPLOAD_DIR = str(INSTANCE_DIR / "uploads")
    # Hard cap on one request body; a friendly 413 page is shown beyond it.
    MAX_CONTENT_LENGTH = 35 * 1024 * 1024
    PLATFORM_NAME = "Consult"
    # The site's address, for links in emails written outside a request (command line).
    PUBLIC_URL = "http://127.0.0.1:5000"
    DEFAULT_LOCALE = "en"
    DEFAULT_TIMEZONE = "UTC"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    CSRF_TIME_LIMIT_MINUTES = 12 * 60
    SQLITE_BUSY_TIMEOUT_MS = 5000
    TESTING = False
    # Email: "log" writes messages to the log (development); "smtp" sends them.
    MAIL_BACKEND = "log"
    MAIL_HOST = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_FROM = "Consult <no-reply@consult.example>"
    MAIL_TIMEOUT = 10
    MAIL_DELIVER_AFTER_REQUEST = True
    # Shared by every worker on this machine (consult/limits.py); Redis for several servers.
    RATELIMIT_STORAGE_URI = f"sqlite:///{INSTANCE_DIR / 'ratelimits.sqlite'}"
    # The only strategy the SQLite store implements, and Flask-Limiter's default.
    RATELIMIT_STRATEGY = "fixed-window"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # Anonymous visitors get public pages from a per-process cache (see consult/public/cache.py).
    PUBLIC_PAGE_CACHE = True
    # How long after closing a convener may still reopen a round.
    ROUND_REOPEN_GRACE_DAYS = 7
    # The reasons a moderator picks from when rejecting a submission, separated by ";".
    REJECTION_REASONS = (
        "Outside the scope of the round;Duplicate of another submission;"
        "Not from an eligible organisation;Abusive or unlawful content;Spam or advertising;Other"
    )


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"
    DATABASE_URL = "sqlite://"
    # Tests read the outbox; delivery is exercised on purpose where it is tested.
    MAIL_DELIVER_AFTER_REQUEST = False
    # Tests change rows directly; the cache has tests of its own that turn it on.
    PUBLIC_PAGE_CACHE = False
    # Each test starts with fresh counts; the shared store has tests of its own.
    RATELIMIT_STORAGE_URI = "memory://"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SECRET_KEY = None
    DATABASE_URL = None
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    MAIL_BACKEND = "smtp"


CONFIGS = {c.ENV_NAME: c for c in (DevelopmentConfig, TestingConfig, ProductionConfig)}


def _coerce(value: str, default: object) -> object:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    return value


def load_config(base: type[Config] | None = None, environ: dict[str, str] | None = None) -> dict:
    """The settings of ``base`` (or of ``CONSULT_ENV``) with environment overrides applied."""
    environ = os.environ if environ is None else environ
    if base is None:
        env_name = environ.get("CONSULT_ENV", "development")
        if env_name not in CONFIGS:
            raise ConfigError(f"CONSULT_ENV must be one of {', '.join(CONFIGS)}, not {env_name!r}")
        base = CONFIGS[env_name]
    settings = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    for name, default in list(settings.items()):
        raw = environ.get(f"CONSULT_{name}")
        if raw is not None:
            try:
                settings[name] = _coerce(raw, default)
            except ValueError as exc:
                raise ConfigError(f"CONSULT_{name}={raw!r} is not a valid value") from exc
    check_production_secrets(settings)
    return settings


def check_production_secrets(settings: dict) -> None:
    if settings.get("ENV_NAME") != "production":
        return
    if not settings.get("SECRET_KEY") or settings["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        raise ConfigError("Production needs CONSULT_SECRET_KEY set to a long random value.")
    if not settings.get("DATABASE_URL"):
        raise ConfigError("Production needs CONSULT_DATABASE_URL (e.g. postgresql+psycopg://...).")
