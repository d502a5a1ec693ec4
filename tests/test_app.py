import pytest

from config import DEFAULT_SECRET_KEY, ConfigError, DevelopmentConfig, ProductionConfig, load_config
from consult import create_app


def test_factory_builds_an_app_with_the_given_settings(app):
    assert app.config["TESTING"] is True
    assert app.config["PLATFORM_NAME"] == "Consult"
    assert "public" in app.blueprints


def test_development_defaults_keep_data_under_instance_and_search_index():
    settings = load_config(DevelopmentConfig, environ={})
    assert settings["DATABASE_URL"].endswith("instance/consult.db")
    assert settings["SEARCH_INDEX_DIR"].endswith("search_index")
    assert settings["UPLOAD_DIR"].endswith("instance/uploads")


def test_the_instance_folder_can_be_moved_and_takes_the_database_and_uploads_along():
    settings = load_config(DevelopmentConfig, environ={"CONSULT_INSTANCE_DIR": "/srv/consult-dev"})
    assert settings["DATABASE_URL"] == "sqlite:////srv/consult-dev/consult.db"
    assert settings["UPLOAD_DIR"] == "/srv/consult-dev/uploads"


def test_every_setting_can_be_overridden_from_the_environment():
    settings = load_config(
        DevelopmentConfig,
        environ={
            "CONSULT_DATABASE_URL": "postgresql+psycopg://db.internal/consult",
            "CONSULT_PLATFORM_NAME": "GFMD Consult",
            "CONSULT_MAX_CONTENT_LENGTH": "1024",
            "CONSULT_SESSION_COOKIE_SECURE": "true",
        },
    )
    assert settings["DATABASE_URL"] == "postgresql+psycopg://db.internal/consult"
    assert settings["PLATFORM_NAME"] == "GFMD Consult"
    assert settings["MAX_CONTENT_LENGTH"] == 1024
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_consult_env_picks_the_configuration_class():
    settings = load_config(environ={"CONSULT_ENV": "testing"})
    assert settings["TESTING"] is True
    with pytest.raises(ConfigError, match="CONSULT_ENV"):
        load_config(environ={"CONSULT_ENV": "staging"})


def test_a_malformed_number_is_reported_by_name():
    with pytest.raises(ConfigError, match="CONSULT_MAX_CONTENT_LENGTH"):
        load_config(DevelopmentConfig, environ={"CONSULT_MAX_CONTENT_LENGTH": "ten megabytes"})


PRODUCTION = {"CONSULT_SECRET_KEY": "Wq3vT9xLmR2pZk7Yc4Nf8Hs1Bd6Ju0Ge5Ai-_oEtKrXy",
              "CONSULT_DATABASE_URL": "postgresql+psycopg:///consult", "CONSULT_PUBLIC_URL": "https://consult.example.org"}


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(ProductionConfig, environ={"CONSULT_DATABASE_URL": "postgresql+psycopg:///consult"})
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(ProductionConfig, environ={"CONSULT_SECRET_KEY": DEFAULT_SECRET_KEY,
                                               "CONSULT_DATABASE_URL": "postgresql+psycopg:///consult"})


@pytest.mark.parametrize("key, problem", [
    ("k", "too short"), ("Wq3vT9xLmR2pZk7Yc4Nf8Hs", "too short"),
    ("x" * 40, "does not look random"), ("abcabcabcabcabcabcabcabcabcabcabcabc", "does not look random"),
])
def test_production_refuses_a_short_or_repetitive_secret_key_and_says_how_to_make_one(key, problem):
    with pytest.raises(ConfigError, match=problem) as refused:
        load_config(ProductionConfig, environ={**PRODUCTION, "CONSULT_SECRET_KEY": key})
    assert "secrets.token_urlsafe(48)" in str(refused.value)


def test_production_refuses_to_start_without_a_database_url():
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        load_config(ProductionConfig, environ={"CONSULT_SECRET_KEY": PRODUCTION["CONSULT_SECRET_KEY"]})


def test_production_refuses_to_start_without_its_public_address():
    """Every link in an email is built on it; without it they would lead nowhere."""
    environ = {k: v for k, v in PRODUCTION.items() if k != "CONSULT_PUBLIC_URL"}
    with pytest.raises(ConfigError, match="CONSULT_PUBLIC_URL"):
        load_config(ProductionConfig, environ=environ)
    assert load_config(ProductionConfig, environ=PRODUCTION)["TRUSTED_HOSTS"] == ["consult.example.org"]


def test_production_starts_with_both_and_secure_cookies(monkeypatch, tmp_path):
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CONSULT_DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    monkeypatch.setenv("CONSULT_UPLOAD_DIR", str(tmp_path / "uploads"))
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    engine = app.extensions["db_engine"]
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_unknown_page_is_a_404_in_the_site_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<title>Page not found · Consult</title>" in page
    assert 'href="#main"' in page  # same layout: skip link, header, footer


def test_unexpected_error_is_a_500_page_not_a_traceback(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "secret internals" not in page


def test_forbidden_page_uses_the_layout(app):
    from flask import abort

    @app.get("/forbidden")
    def forbidden():
        abort(403)

    response = app.test_client().get("/forbidden")
    assert response.status_code == 403
    assert "Not allowed" in response.get_data(as_text=True)
