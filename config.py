"""Configuration classes.

Every setting can be overridden by an environment variable named ``CONSULT_<SETTING>``
(``CONSULT_DATABASE_URL``, ``CONSULT_SECRET_KEY``, ...). ``CONSULT_ENV`` picks the class:
``development`` (default), ``testing`` or ``production``.

Development keeps its database, uploads and a secret key generated on first run in the
instance folder (``CONSULT_INSTANCE_DIR``, by default ``instance/``, git-ignored).
"""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
# The key development used before keys were generated. It is public: refused in production,
# and never used again by development.
DEFAULT_SECRET_KEY = "dev-only-not-secret"
SECRET_KEY_FILE = "secret_key"
# A default written "{instance}/..." lies under INSTANCE_DIR, wherever that is configured.
INSTANCE = "{instance}"
SEARCH_BACKENDS = ("whoosh", "tantivy")


class ConfigError(RuntimeError):
    """The configuration cannot run safely (e.g. production without secrets)."""


class Config:
    ENV_NAME = "development"
    INSTANCE_DIR = str(BASE_DIR / "instance")
    # None: generated on first run and kept in INSTANCE_DIR (see instance_secret_key).
    SECRET_KEY: str | None = None
    DATABASE_URL = f"sqlite:///{INSTANCE}/consult.db"
    DATABASE_ECHO = False
    SEARCH_INDEX_DIR = str(BASE_DIR / "search_index")
    # The search engine: "whoosh" (embedded, nothing to install) or "tantivy" (for large
    # rounds). After changing it, `flask search reindex` builds that engine's index; see README.
    SEARCH_BACKEND = "whoosh"
    UPLOAD_DIR = f"{INSTANCE}/uploads"
    # Hard cap on one request body; a friendly 413 page is shown beyond it.
    MAX_CONTENT_LENGTH = 35 * 1024 * 1024
    PLATFORM_NAME = "Consult"
    # The site's address as people reach it. Every absolute link (emails, feeds, exports, the
    # API) is built on it, never on the Host header a request claims (consult/links.py).
    PUBLIC_URL = "http://127.0.0.1:5000"
    # Host names a request may name, separated by ","; anything else gets a 400. Empty: any
    # host in development, the host of PUBLIC_URL in production.
    TRUSTED_HOSTS = ""
    DEFAULT_LOCALE = "en"
    DEFAULT_TIMEZONE = "UTC"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # "Keep me logged in" lasts this long; a staff session (admin, convener, moderator) ends
    # after this many hours without a request, a member's too when above 0 (consult/auth/idle.py).
    REMEMBER_DAYS = 30
    STAFF_IDLE_HOURS = 12
    MEMBER_IDLE_HOURS = 0
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
    RATELIMIT_STORAGE_URI = f"sqlite:///{INSTANCE}/ratelimits.sqlite"
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
    # What reading one attachment's text may cost (the search indexer's process does it,
    # never a web worker). When one runs out, the text read so far is kept and indexed and
    # the file is marked "partly extracted" for the moderator.
    EXTRACTION_MEMORY_MB = 64
    EXTRACTION_SECONDS = 5
    EXTRACTION_MAX_CHARS = 2_000_000
    # A moderator's decision on a whole campaign is applied for this long per request (the
    # page then continues by itself): gunicorn stops a request after 30 seconds.
    CAMPAIGN_DECISION_SECONDS = 10


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"
    DATABASE_URL = "sqlite://"
    # Not the test client's own host (localhost): tests can tell a link built on the
    # configured address from one built on the request's.
    PUBLIC_URL = "https://consult.test"
    # Tests read the outbox; delivery is exercised on purpose where it is tested.
    MAIL_DELIVER_AFTER_REQUEST = False
    # Tests change rows directly; the cache has tests of its own that turn it on.
    PUBLIC_PAGE_CACHE = False
    # Each test starts with fresh counts; the shared store has tests of its own.
    RATELIMIT_STORAGE_URI = "memory://"
    # A campaign decision is applied whole, however slow the machine: deciding in parts has
    # tests of its own that set it to 0 (one part of a hundred letters per request).
    CAMPAIGN_DECISION_SECONDS = 600


class ProductionConfig(Config):
    ENV_NAME = "production"
    SECRET_KEY = None
    DATABASE_URL = None
    PUBLIC_URL = None
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for the whole site and this host alone
    # (no Domain), so a sibling subdomain or a plain-HTTP page cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_NAME = "__Host-remember_token"
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
    if settings["SEARCH_BACKEND"] not in SEARCH_BACKENDS:
        raise ConfigError(f"CONSULT_SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, "
                          f"not {settings['SEARCH_BACKEND']!r}")
    for name in ("DATABASE_URL", "UPLOAD_DIR", "RATELIMIT_STORAGE_URI"):
        if isinstance(settings[name], str):
            settings[name] = settings[name].replace(INSTANCE, settings["INSTANCE_DIR"])
    check_production_secrets(settings)
    settings["TRUSTED_HOSTS"] = trusted_hosts(settings)
    return settings


def instance_secret_key(instance_dir: str | Path) -> str:
    """The key kept in ``instance_dir``, made on first use. The web workers, `search watch`
    and every flask command read the same file, so they share one key; it is written
    whole under a temporary name and then linked into place, so that processes starting
    together agree on one key and none reads a half-written file."""
    folder = Path(instance_dir)
    path = folder / SECRET_KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".secret_key-")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48) + "\n")
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            os.unlink(temporary)
    key = path.read_text().strip()
    if len(key) < 32:
        raise ConfigError(f"{path} holds no usable key: delete it and a new one is made at the next start.")
    return key


def trusted_hosts(settings: dict) -> list[str] | None:
    """Flask's TRUSTED_HOSTS: the listed names, else in production the public address's host."""
    listed = settings.get("TRUSTED_HOSTS") or ""
    if isinstance(listed, (list, tuple)):
        return list(listed)
    hosts = [name.strip() for name in listed.split(",") if name.strip()]
    if not hosts and settings.get("ENV_NAME") == "production":
        hosts = [urlsplit(settings["PUBLIC_URL"]).hostname]
    return hosts or None


# A secret key must be long and look random: anyone who guesses it can sign a session
# cookie for any account and forge password-reset links.
MIN_SECRET_KEY_BYTES = 32
MIN_SECRET_KEY_DISTINCT_CHARACTERS = 12
MAKE_A_KEY = 'python3 -c "import secrets; print(secrets.token_urlsafe(48))"'


def check_production_secrets(settings: dict) -> None:
    if settings.get("ENV_NAME") != "production":
        return
    key = settings.get("SECRET_KEY")
    if not key or key == DEFAULT_SECRET_KEY:
        raise ConfigError(f"Production needs CONSULT_SECRET_KEY set to a long random value; make one with: {MAKE_A_KEY}")
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(f"CONSULT_SECRET_KEY is too short ({len(key.encode())} bytes; at least "
                          f"{MIN_SECRET_KEY_BYTES}): use a long random value; make one with: {MAKE_A_KEY}")
    if len(set(key)) < MIN_SECRET_KEY_DISTINCT_CHARACTERS:
        raise ConfigError("CONSULT_SECRET_KEY does not look random (too few different characters): "
                          f"use a long random value; make one with: {MAKE_A_KEY}")
    if not settings.get("DATABASE_URL"):
        raise ConfigError("Production needs CONSULT_DATABASE_URL (e.g. postgresql+psycopg://...).")
    public = urlsplit(settings.get("PUBLIC_URL") or "")
    if public.scheme not in ("http", "https") or not public.hostname:
        raise ConfigError("Production needs CONSULT_PUBLIC_URL, the address people use to reach the site "
                          "(e.g. https://consult.example.org): links in emails and feeds are built on it.")
