"""``flask --app wsgi submissions import FILE --round SLUG``: offline input."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from consult import audit, db
from consult.auth.services import find_by_email
from consult.rounds.queries import get_round_by_slug
from consult.submissions import importer, orphans

submissions_cli = AppGroup("submissions", help="Submissions: offline input, stored files.")


@submissions_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--round", "round_slug", required=True, help="Slug of the round the input belongs to.")
@click.option("--by", "by_email", help="Email of the convener doing the import (recorded in the audit log).")
@click.option("--attachments", "attachment_folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder holding the files named in the attachments column.")
@click.option("--dry-run", is_flag=True, help="Validate every row and report, store nothing.")
def import_command(file: Path, round_slug: str, by_email: str | None, attachment_folder: Path | None,
                   dry_run: bool) -> None:
    """Import submissions received by post or email from a CSV or JSON FILE.

    Columns: external_id (your reference, makes re-runs safe), organisation, stakeholder_group,
    country, title, summary, language, consent (named / anonymous / not_published; default
    not_published), sessions (keys separated by ';'), received_at (YYYY-MM-DD), attachments
    (file names in the --attachments folder, separated by ';'), one column per question
    key (q1, q2, ...), and letter (the whole text of a letter that follows no form; with it,
    no answer is required).
    """
    round_ = get_round_by_slug(round_slug)
    if round_ is None:
        raise click.ClickException(f"No round with the slug {round_slug!r}.")
    actor = find_by_email(by_email) if by_email else None
    if by_email and (actor is None or not round_.is_convener(actor)):
        raise click.ClickException(f"{by_email} is not a convener of this round.")
    try:
        rows = importer.read_rows(file)
    except importer.ImportFileRefused as exc:
        raise click.ClickException(str(exc)) from exc

    report = importer.ImportReport()
    with click.progressbar(rows, label=f"Importing {len(rows)} rows", show_pos=True) as bar:
        for line, row in bar:
            report.results.append(_import_one(line, row, round_, actor, attachment_folder, dry_run))

    click.echo(f"{'Would import' if dry_run else 'Imported'} {len(report.imported)}, "
               f"skipped {len(report.skipped)} already imported, refused {len(report.refused)}.")
    for result in report.refused:
        click.echo(f"  line {result.line} ({result.external_id or 'no external_id'}): " + "; ".join(result.errors))
    if report.refused:
        raise SystemExit(1)


def _import_one(line: int, row: dict, round_, actor, attachment_folder, dry_run: bool) -> importer.RowResult:
    result = importer.RowResult(line=line, external_id=row.get("external_id", ""))
    existing = importer.already_imported(round_, result.external_id) if result.external_id else None
    if existing is not None:
        result.skipped, result.reference = True, existing.reference
        return result
    result.errors = importer.validate(row, round_, attachment_folder)
    if result.errors:
        return result
    if dry_run:
        result.reference = "(dry run)"
        return result
    submission = importer.import_row(row, round_, actor=None, attachment_folder=attachment_folder)
    audit.record(actor, "import", submission, reason=f"Offline input {result.external_id}")
    db.session.commit()
    result.reference = submission.reference
    return result


@submissions_cli.command("orphaned-files")
@click.option("--min-age", default=60, show_default=True, type=click.IntRange(min=0),
              help="Minutes since a file was written before it counts (younger ones may belong to a running request).")
@click.option("--delete", is_flag=True, help="Remove the files listed (without it, only list them).")
def orphaned_files_command(min_age: int, delete: bool) -> None:
    """List uploaded files that no attachment or round document names (left by a crash
    between writing a file and recording it); --delete removes them."""
    found = orphans.find(min_age * 60)
    size = sum(path.stat().st_size for path in found)
    for path in found:
        click.echo(str(path))
        if delete:
            path.unlink(missing_ok=True)
    if delete:
        click.echo(f"Removed {len(found)} orphaned file(s), {size} bytes.")
    else:
        click.echo(f"Found {len(found)} orphaned file(s), {size} bytes; --delete removes them.")
