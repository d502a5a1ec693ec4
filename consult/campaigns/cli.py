"""``flask --app wsgi campaigns ...``: rebuild a round's campaigns, list who is in which."""
from __future__ import annotations

import json
import os
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from consult import db
from consult.campaigns import received
from consult.campaigns.rebuild import rebuild
from consult.rounds.models import Round

campaigns_cli = AppGroup("campaigns", help="Campaigns: recognised form letters.")


def _round(slug: str) -> Round:
    round_ = db.session.scalar(select(Round).where(Round.slug == slug))
    if round_ is None:
        raise click.ClickException(f"No round with the slug {slug!r}.")
    return round_


@campaigns_cli.command("rebuild", help="Recognise every submission of a round again, from scratch.")
@click.option("--round", "round_slug", required=True, help="Slug of the round.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Processes that read the letters (1: this one only).")
def rebuild_command(round_slug: str, workers: int) -> None:
    round_ = _round(round_slug)
    total = received.received_count(round_.id)
    with click.progressbar(length=total, label="Recognising letters", file=sys.stderr) as bar:
        report = rebuild(round_, progress=bar.update, workers=workers)
    db.session.commit()
    click.echo(f"{report.submissions} submissions, {report.letters} of them letters in "
               f"{report.campaigns} campaigns.")


@campaigns_cli.command("list", help="Every submission of a round (any state) with its campaign's number.")
@click.option("--round", "round_slug", required=True, help="Slug of the round.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array (the default is a table).")
def list_command(round_slug: str, as_json: bool) -> None:
    rows = list(received.membership(_round(round_slug).id))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        click.echo(f"{row['reference']:<24} {row['external_ref'] or '-':<24} {row['campaign'] or '-'}")
