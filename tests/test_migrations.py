"""The migrations build exactly the schema the models describe, and go down and up again."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from consult import create_app, migrate
from consult.models import metadata
from tests.conftest import TEST_DATABASE_URL, is_postgres

SCHEMA = "migration_test"


@pytest.fixture()
def empty_database_app(tmp_path):
    """An app on a database of its own: a fresh SQLite file, or a fresh PostgreSQL schema."""
    if TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL):
        admin = create_engine(TEST_DATABASE_URL)
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}"))
        app = create_app({"DATABASE_URL": TEST_DATABASE_URL})
        app.extensions["db_engine"] = create_engine(
            TEST_DATABASE_URL, connect_args={"options": f"-c search_path={SCHEMA}"}
        )
        yield app
        app.extensions["db_engine"].dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {SCHEMA} CASCADE"))
        admin.dispose()
    else:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'migrations.db'}"})
        yield app
        app.extensions["db_engine"].dispose()


def schema_differences(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def test_upgrade_head_matches_the_models_then_down_and_up_again(empty_database_app):
    app = empty_database_app
    engine = app.extensions["db_engine"]

    migrate.upgrade(app)
    assert schema_differences(engine) == []
    assert migrate.current_heads(app) == {migrate.script_head(app)}

    migrate.downgrade(app, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    migrate.upgrade(app)
    assert schema_differences(engine) == []
    assert "submissions" in inspect(engine).get_table_names()


def test_every_revision_goes_down_and_up_one_step_at_a_time(empty_database_app):
    app = empty_database_app
    revisions = migrate.revisions_in_order(app)
    for revision in revisions:
        migrate.upgrade(app, revision)
    for _ in revisions:
        migrate.downgrade(app, "-1")
    assert migrate.current_heads(app) == set()
