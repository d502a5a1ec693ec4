"""``flask --app wsgi search drain|reindex|status|watch``."""
from __future__ import annotations

import os
import signal
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup

from consult import db
from consult.search import engine as engines
from consult.search import indexer


@click.group("search", help="The full-text search index.", cls=AppGroup)
def search_cli() -> None:
    pass


def _dir() -> str:
    return current_app.config["SEARCH_INDEX_DIR"]


# Another engine's index can be built and kept fresh beside the live one before switching.
engine_option = click.option("--engine", type=click.Choice(list(engines.BACKENDS)), default=None,
                             help="The engine whose index to use (default: SEARCH_BACKEND).")


@search_cli.command("drain", help="Apply every pending outbox entry to the index (waits for the lock).")
@engine_option
def drain_command(engine: str | None) -> None:
    report = indexer.drain(_dir(), wait=True, read_files=True, engine=engine)
    click.echo(f"Applied {report.entries} outbox entries: {report.indexed} indexed, {report.removed} removed"
               f" ({report.files_read} attachment{'s' if report.files_read != 1 else ''} read).")


@search_cli.command("reindex", help="Rebuild the index from the database into a fresh directory and swap it in.")
@click.option("--procs", default=min(2, os.cpu_count() or 1), show_default=True,
              help="Indexing processes or threads (Whoosh: each leaves one segment; 1 = a single merged segment).")
@engine_option
def reindex_command(procs: int, engine: str | None) -> None:
    started = time.monotonic()
    bar = {"shown": 0}

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        rate = done / max(time.monotonic() - started, 1e-6)
        click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:,.0f} docs/s", nl=False)
        bar["shown"] = 1

    count, seconds = indexer.reindex(_dir(), progress=progress, procs=procs, engine=engine)
    if bar["shown"]:
        click.echo()
    click.echo(f"Indexed {count} public submissions in {seconds:.1f} s ({count / max(seconds, 1e-6):,.0f} docs/s).")
    report = indexer.drain(_dir(), wait=True, read_files=True, engine=engine)  # what changed during the rebuild
    if report.entries:
        click.echo(f"Then applied {report.entries} outbox entries written during the rebuild.")


@search_cli.command("status", help="Compare the index with the database (drift check). Exit 1 when out of step.")
@engine_option
def status_command(engine: str | None) -> None:
    st = indexer.status(_dir(), engine=engine)
    click.echo(f"Engine:             {st['engine']}")
    click.echo(f"Index generation:   {st['generation'] or '(none; run search reindex)'}")
    click.echo(f"Documents indexed:  {st['indexed'] if st['indexed'] is not None else '-'}")
    click.echo(f"Public submissions: {st['public']}")
    click.echo(f"Last outbox entry applied: {st['last_applied']} ({st['backlog']} waiting, {st['gaps']} gaps watched)")
    if st["in_step"]:
        click.echo("In step.")
    else:
        click.echo("Out of step: run `search drain`; if the counts still differ, `search reindex`.")
        sys.exit(1)


@search_cli.command("watch", help="Read new attachments' text and drain every few seconds until stopped "
                                  "(run beside the web server: web workers never read files).")
@click.option("--interval", default=2.0, show_default=True, type=float)
@engine_option
def watch_command(interval: float, engine: str | None) -> None:
    stopping = {"now": False}

    def stop(_signum, _frame):
        stopping["now"] = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"Draining the search outbox every {interval:g} s (Ctrl-C stops).")
    while not stopping["now"]:
        try:
            report = indexer.drain(_dir(), wait=False, read_files=True, engine=engine)
            if report.files_read:
                click.echo(f"Read the text of {report.files_read} attachments.")
            if report.entries:
                click.echo(f"Applied {report.entries} outbox entries.")
        except Exception as exc:  # keep watching: the database may be restarting
            click.echo(f"Drain failed ({exc}); retrying.", err=True)
        finally:
            db.session.remove()
        slept = 0.0
        while slept < interval and not stopping["now"]:
            time.sleep(0.2)
            slept += 0.2
