"""Alembic, driven from the app's configuration (no alembic.ini to keep in sync)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(app: Flask) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", app.config["DATABASE_URL"].replace("%", "%%"))
    # Date and time first, so that revisions sort in the order they were written.
    cfg.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s")
    cfg.attributes["engine"] = app.extensions["db_engine"]
    return cfg


def upgrade(app: Flask, revision: str = "head") -> None:
    command.upgrade(alembic_config(app), revision)


def downgrade(app: Flask, revision: str) -> None:
    command.downgrade(alembic_config(app), revision)


def revision(app: Flask, message: str, autogenerate: bool = True) -> None:
    command.revision(alembic_config(app), message=message, autogenerate=autogenerate)


def current_heads(app: Flask) -> set[str]:
    with app.extensions["db_engine"].connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def script_head(app: Flask) -> str:
    return ScriptDirectory.from_config(alembic_config(app)).get_current_head()


def revisions_in_order(app: Flask) -> list[str]:
    """Every revision id from the first to the head."""
    return [r.revision for r in reversed(list(ScriptDirectory.from_config(alembic_config(app)).walk_revisions()))]
