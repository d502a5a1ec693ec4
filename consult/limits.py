"""Rate limits (Flask-Limiter), counted where every worker of the site sees the same count.

Counting in each process's memory let ``make run``'s two workers each allow the full limit
(an account locked after 10 wrong passwords instead of 5). The default store is therefore a
small SQLite file in the instance folder that all processes on the machine share
(``sqlite:///path/to/ratelimits.sqlite``); several servers share Redis instead
(``CONSULT_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0``). The tests count in memory."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits.storage import Storage

limiter = Limiter(key_func=get_remote_address, default_limits=[])

# Generous: a person reading results never meets it, a scraper does. The page and the API
# share one count (scope "search") so that alternating between them gains nothing.
SEARCH_PER_IP = "60/minute"
SEARCH_REFUSED = _l("Please wait a minute and search again.")
# Only requests that carry files count: typing and saving text is never limited.
UPLOADS_PER_ACCOUNT = "30/hour"
UPLOADS_PER_IP = "60/hour"
UPLOADS_REFUSED = _l("You have sent files many times in a short while. Your typed text is kept in this "
                     "browser: go back and save it without the files, then add them again later.")


def carries_no_files() -> bool:
    return not any(f.filename for _, f in request.files.items(multi=True))


def account_or_address() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()

# One statement, so two workers counting the same key at once cannot lose a hit: SQLite runs
# it under the database's write lock. An expired window starts again from this hit.
_COUNT = """
INSERT INTO hits (key, count, expires_at) VALUES (:key, :amount, :expires_at)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN hits.expires_at <= :now THEN :amount ELSE hits.count + :amount END,
    expires_at = CASE WHEN hits.expires_at <= :now THEN :expires_at ELSE hits.expires_at END
RETURNING count
"""


_PREPARE_ATTEMPTS = 20


class SQLiteFileStorage(Storage):
    """Fixed-window counters in a SQLite file shared by the processes of one machine.

    Only the fixed-window strategy (Flask-Limiter's default, set in config.py) is supported:
    it needs nothing beyond ``incr``/``get``/``get_expiry``. A connection is opened per call,
    so nothing is shared across gunicorn's fork or between threads."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path((uri or "").removeprefix("sqlite:///"))
        self.timeout = float(options.get("timeout", 5))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Workers start together and each prepares the file; switching to WAL answers
        # "database is locked" at once, without waiting, while another process holds it.
        for attempt in range(_PREPARE_ATTEMPTS):
            try:
                self._prepare()
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == _PREPARE_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _prepare(self) -> None:
        conn = self._connect()
        try:
            # WAL lets a reader count while a writer counts; it is a property of the file.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, count INTEGER NOT NULL,"
                         " expires_at REAL NOT NULL)")
            conn.execute("CREATE INDEX IF NOT EXISTS hits_expires_at ON hits (expires_at)")
        finally:
            conn.close()

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _connect(self) -> sqlite3.Connection:
        # Autocommit: each statement is its own transaction, never left open between calls.
        return sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        conn = self._connect()
        try:
            count = conn.execute(_COUNT, {"key": key, "amount": amount, "now": now,
                                          "expires_at": now + expiry}).fetchone()[0]
            conn.execute("DELETE FROM hits WHERE expires_at <= ?", (now,))
            return count
        finally:
            conn.close()

    def _window(self, key: str) -> tuple[int, float]:
        """The key's count and the end of its window; an expired window counts nothing."""
        now = time.time()
        conn = self._connect()
        try:
            row = conn.execute("SELECT count, expires_at FROM hits WHERE key = ? AND expires_at > ?",
                               (key, now)).fetchone()
        finally:
            conn.close()
        return row or (0, now)

    def get(self, key: str) -> int:
        return self._window(key)[0]

    def get_expiry(self, key: str) -> float:
        return self._window(key)[1]

    def check(self) -> bool:
        conn = self._connect()
        try:
            return conn.execute("SELECT 1").fetchone() == (1,)
        finally:
            conn.close()

    def reset(self) -> int | None:
        conn = self._connect()
        try:
            return conn.execute("DELETE FROM hits").rowcount
        finally:
            conn.close()

    def clear(self, key: str) -> None:
        conn = self._connect()
        try:
            conn.execute("DELETE FROM hits WHERE key = ?", (key,))
        finally:
            conn.close()


def init_app(app: Flask) -> None:
    limiter.init_app(app)
