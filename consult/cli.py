"""Command-line interface: ``flask --app wsgi <group> <command>``."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from consult import db, migrate
from consult.auth import services as account_services
from consult.demo import loader as demo_loader
from consult.search.cli import search_cli
from consult.security import Role
from consult.submissions.cli import submissions_cli


@click.group("db", help="Database schema (Alembic migrations).", cls=AppGroup)
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Upgrade the database to the latest schema (creates it if empty).")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    migrate.upgrade(current_app, revision)
    click.echo(f"Database at {revision}.")


@db_cli.command("downgrade", help="Downgrade the database to REVISION ('base' empties it).")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    migrate.downgrade(current_app, revision)
    click.echo(f"Database at {revision}.")


@db_cli.command("revision", help="Write a new migration from the difference between models and database.")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    migrate.revision(current_app, message)


@click.group("users", help="People and their roles.", cls=AppGroup)
def users_cli() -> None:
    pass


@users_cli.command("create", help="Create a user; each --role adds a role (member is implied).")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]))
@click.password_option(help="Prompted for when not given.")
def users_create(email: str, name: str, roles: tuple[str, ...], password: str) -> None:
    try:
        user = account_services.create_user(email, name, password, roles=[Role(r) for r in roles], confirmed=True)
    except account_services.AccountRefused as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}.")


@users_cli.command("roles", help="Give a user exactly the roles listed (member is implied); no --role leaves member only.")
@click.option("--email", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]))
def users_roles(email: str, roles: tuple[str, ...]) -> None:
    user = account_services.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account uses {email}.")
    account_services.set_roles(user, {Role(r) for r in roles}, actor=None)
    db.session.commit()
    click.echo(f"{user.email} now has roles: {', '.join(sorted(user.roles))}.")


@click.group("demo", help="Demonstration data.", cls=AppGroup)
def demo_cli() -> None:
    pass


@demo_cli.command("load", help="Load the demo rounds, organisations, submissions and users (idempotent).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds rounds.")
def demo_load(if_empty: bool) -> None:
    if if_empty and not demo_loader.database_is_empty():
        click.echo("Database already holds data; demo not loaded.")
        return
    # Publishing the demo outcome emails participants: links need the site's address.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        report = demo_loader.load()
        db.session.commit()
    click.echo(report.summary())
    if report.passwords:
        click.echo("\nDemo accounts (passwords are shown only this once):")
        for email, role, password in report.passwords:
            click.echo(f"  {role:<10} {email:<28} {password}")


def init_app(app: Flask) -> None:
    for group in (db_cli, users_cli, demo_cli, submissions_cli, search_cli):
        app.cli.add_command(group)
