"""Rate limits hold across processes: gunicorn's workers each see the same counts."""
from __future__ import annotations

import json
import subprocess  # nosec B404 - runs this test's own script in a second Python
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from config import DevelopmentConfig, ProductionConfig
from consult import db
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent

# One "worker": its own process, its own app, the shared database and rate-limit store.
WORKER = """
import json, sys
from consult import create_app
from tests.auth.helpers import post_form
database_url, storage_uri, email, *passwords = sys.argv[1:]
app = create_app({"DATABASE_URL": database_url, "RATELIMIT_STORAGE_URI": storage_uri})
client = app.test_client()
print(json.dumps([post_form(client, "/login", {"email": email, "password": p}).status_code
                  for p in passwords]))
"""


def log_in_from_another_process(database_url, storage_uri, email, *passwords) -> list[int]:
    done = subprocess.run([sys.executable, "-c", WORKER, database_url, storage_uri, email, *passwords],  # nosec B603
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_wrong_passwords_sent_to_two_workers_lock_the_account_after_five(make, database_url, tmp_path):
    make.user(email="target@ngo.example")
    db.session.commit()
    store = f"sqlite:///{tmp_path / 'ratelimits.sqlite'}"
    first = log_in_from_another_process(database_url, store, "target@ngo.example", *["wrong guess"] * 3)
    second = log_in_from_another_process(database_url, store, "target@ngo.example",
                                         *["wrong guess"] * 2, PASSWORD)
    assert first == [422, 422, 422]
    assert second == [422, 422, 429]  # the sixth attempt is refused, even with the right password


@pytest.mark.parametrize("config", [DevelopmentConfig, ProductionConfig])
def test_make_run_and_production_count_in_a_store_their_workers_share(config):
    assert config.RATELIMIT_STORAGE_URI.split("://")[0] in {"sqlite", "redis"}


def _count(uri: str, hits: int) -> int:
    from limits.storage import storage_from_string
    import consult.limits  # noqa: F401 - registers the sqlite:// store in this process

    storage = storage_from_string(uri)
    return max(storage.incr("login/account:a", 60) for _ in range(hits))


def test_hits_counted_at_the_same_moment_by_four_processes_are_all_counted(tmp_path):
    uri = f"sqlite:///{tmp_path / 'ratelimits.sqlite'}"
    with ProcessPoolExecutor(max_workers=4) as pool:
        highest = max(pool.map(_count, [uri] * 4, [25] * 4))
    assert highest == 100


def test_a_window_that_has_passed_counts_from_zero_again(tmp_path, monkeypatch):
    from consult import limits

    clock = [1_000_000.0]
    monkeypatch.setattr(limits.time, "time", lambda: clock[0])
    storage = limits.SQLiteFileStorage(f"sqlite:///{tmp_path / 'ratelimits.sqlite'}")
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get_expiry("k") == 1_000_060.0
    clock[0] += 60
    assert storage.get("k") == 0
    assert storage.incr("k", 60) == 1
    storage.clear("k")
    assert storage.get("k") == 0
