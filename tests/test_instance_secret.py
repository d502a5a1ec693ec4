"""Under `make run` (the development configuration) sessions and emailed links are signed with
a key generated on first run and kept in the instance folder, never with a public one."""
import stat

import pytest
from flask import Flask

from config import DEFAULT_SECRET_KEY, DevelopmentConfig
from consult import create_app, db
from consult.security import Role


@pytest.fixture()
def development_app(monkeypatch, database_url, tmp_path):
    """``create_app()`` as `make run` and every flask command call it, on the test database,
    with the instance folder given; the apps are closed at the end."""
    monkeypatch.delenv("CONSULT_SECRET_KEY", raising=False)
    monkeypatch.setenv("CONSULT_ENV", "development")
    monkeypatch.setenv("CONSULT_DATABASE_URL", database_url)
    monkeypatch.setenv("CONSULT_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("CONSULT_SEARCH_INDEX_DIR", str(tmp_path / "search_index"))
    apps = []

    def build(instance_dir):
        monkeypatch.setenv("CONSULT_INSTANCE_DIR", str(instance_dir))
        apps.append(create_app(DevelopmentConfig))
        return apps[-1]

    yield build
    for app in apps:
        app.extensions["db_engine"].dispose()


def session_cookie(user, secret_key: str) -> str:
    """A Flask session cookie saying ``user`` is logged in, signed with ``secret_key``."""
    signer = Flask("signer")
    signer.secret_key = secret_key
    return signer.session_interface.get_signing_serializer(signer).dumps({"_user_id": user.get_id(), "_fresh": True})


def admin_users_status(app, cookie: str) -> int:
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return client.get("/admin/users").status_code


def test_a_cookie_signed_with_the_public_development_key_logs_nobody_in(app, make, development_app, tmp_path):
    admin = make.user(Role.ADMIN, email="admin@consult.example")
    db.session.commit()
    development = development_app(tmp_path / "instance")
    assert admin_users_status(development, session_cookie(admin, DEFAULT_SECRET_KEY)) == 302  # to the login page
    assert admin_users_status(development, session_cookie(admin, development.config["SECRET_KEY"])) == 200


def test_the_generated_key_is_shared_by_every_process_of_one_instance_folder(development_app, tmp_path):
    web_worker = development_app(tmp_path / "instance")
    search_watch = development_app(tmp_path / "instance")
    elsewhere = development_app(tmp_path / "another-instance")
    key = web_worker.config["SECRET_KEY"]
    assert key == search_watch.config["SECRET_KEY"] != elsewhere.config["SECRET_KEY"]
    assert key != DEFAULT_SECRET_KEY and len(key) >= 43  # 32 random bytes or more
    assert (tmp_path / "instance" / "secret_key").read_text().strip() == key


def test_the_key_file_is_readable_by_its_owner_only(development_app, tmp_path):
    development_app(tmp_path / "instance")
    assert stat.S_IMODE((tmp_path / "instance" / "secret_key").stat().st_mode) == 0o600


def test_consult_secret_key_wins_over_the_instance_folder(development_app, monkeypatch, tmp_path):
    monkeypatch.setenv("CONSULT_SECRET_KEY", "k" * 48)
    assert development_app(tmp_path / "instance").config["SECRET_KEY"] == "k" * 48
    assert not (tmp_path / "instance" / "secret_key").exists()
