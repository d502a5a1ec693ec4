"""Offline input: submissions received by post or email, imported by a convener.

The file is CSV (one row per submission, one column per question key) or JSON (a list of
objects with the same keys, ``answers`` optionally nested). A letter that follows no form
goes whole in the ``letter`` column; with a letter, no answer is required. Every row is
validated first; refused rows are reported with their reasons and nothing of them is
stored. A row whose ``external_id`` was imported before into the same round is skipped, so
the command can be run again after fixing the refused rows.

A row with ``stakeholder_group`` ``individual`` is a person writing as themselves: a profile
of their own is made for that letter (never matched to another by name), the
``organisation`` column holds their name if they gave one, ``country`` where they live.
``on_behalf_of`` needs ``on_behalf_consent`` = yes, as on the form; ``confidential`` names
the question keys and attachment files kept for the conveners only.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select

from consult import db
from consult import files as attachments
from consult.organisations.models import Organisation, StakeholderGroup
from consult.organisations.queries import is_individual
from consult.rounds.models import Round
from consult.submissions import services
from consult.submissions.forms import clean_text
from consult.submissions.models import Attachment, Consent, Submission
from consult.submissions.states import Action
from consult.text import word_count
from consult.web import Refused

BASE_COLUMNS = ("external_id", "organisation", "stakeholder_group", "country", "title", "summary",
                "language", "consent", "sessions", "received_at", "attachments", "letter",
                "origin_country", "self_description", "on_behalf_of", "on_behalf_consent", "confidential")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
MAX_LETTER_CHARS = 200_000  # some forty pages; beyond that it is a document to attach


@dataclass
class RowResult:
    line: int
    external_id: str
    errors: list[str] = field(default_factory=list)
    reference: str | None = None
    skipped: bool = False


@dataclass
class ImportReport:
    results: list[RowResult] = field(default_factory=list)

    @property
    def imported(self) -> list[RowResult]:
        return [r for r in self.results if r.reference and not r.skipped]

    @property
    def skipped(self) -> list[RowResult]:
        return [r for r in self.results if r.skipped]

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.results if r.errors]


class ImportFileRefused(Refused):
    """The file as a whole cannot be read (format, encoding, columns)."""


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(line or item number, row) pairs from a CSV or JSON file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileRefused(f"{path.name} is not UTF-8 text: save it as UTF-8 and try again.") from exc
    if path.suffix.lower() == ".json":
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileRefused(f"{path.name} is not valid JSON: {exc}") from exc
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ImportFileRefused("The JSON file must hold a list of objects, one per submission.")
        return [(n, _flatten(item)) for n, item in enumerate(items, start=1)]
    # newline="" keeps the line breaks inside a quoted field: a letter's paragraphs.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "external_id" not in reader.fieldnames:
        raise ImportFileRefused("The CSV file needs a header row with at least external_id, organisation and title.")
    return [(reader.line_num, row) for row in _rows(reader)]


def _rows(reader: csv.DictReader) -> Iterator[dict]:
    for row in reader:
        yield {k: clean_text(v or "").strip() if isinstance(v, str) else v for k, v in row.items() if k}


def _flatten(item: dict) -> dict:
    row = {k: v for k, v in item.items() if k != "answers"}
    row.update(item.get("answers") or {})
    for key in ("sessions", "attachments", "confidential"):
        if isinstance(row.get(key), list):
            row[key] = ";".join(str(v) for v in row[key])
    return {k: clean_text(str(v)).strip() if v is not None else "" for k, v in row.items()}


def attachment_paths(row: dict, folder: Path | None) -> list[Path]:
    return [(folder or Path(".")) / name for name in _split(row.get("attachments"))]


def _check_attachments(row: dict, round_: Round, folder: Path | None) -> list[str]:
    names = _split(row.get("attachments"))
    if not names:
        return []
    if folder is None:
        return ["the row names attachments: give the folder that holds them with --attachments"]
    errors = []
    if len(names) > round_.max_attachments:
        errors.append(f"{len(names)} attachments; this round accepts {round_.max_attachments}")
    root = folder.resolve()
    for name in names:
        path = (folder / name).resolve()
        if root not in path.parents or not path.is_file():
            errors.append(f"attachment {name!r} is not a file in {folder}")
            continue
        data = path.read_bytes()
        try:
            if len(data) > round_.max_attachment_mb * 1024 * 1024:
                raise attachments.AttachmentRefused(f"larger than {round_.max_attachment_mb} MB")
            attachments.sniff(data)
        except attachments.AttachmentRefused as exc:
            errors.append(f"attachment {name!r}: {exc}")
    return errors


def validate(row: dict, round_: Round, attachment_folder: Path | None = None) -> list[str]:
    errors = _check_attachments(row, round_, attachment_folder)
    if not row.get("external_id"):
        errors.append("external_id is empty: give each letter or email a reference of your own")
    errors += _check_sender(row, round_)
    if not row.get("organisation") and not _is_individual(row):
        errors.append("organisation is empty (only an individual, stakeholder_group individual, may leave it empty)")
    elif len(row.get("organisation", "")) > 200:
        errors.append("organisation is longer than 200 characters")
    if row.get("stakeholder_group") and row["stakeholder_group"] not in {g.value for g in StakeholderGroup}:
        errors.append(f"stakeholder_group {row['stakeholder_group']!r} is not one of: "
                      + ", ".join(g.value for g in StakeholderGroup))
    if row.get("country") and not (len(row["country"]) == 2 and row["country"].isalpha()):
        errors.append(f"country {row['country']!r} is not a two-letter ISO code")
    if not row.get("title"):
        errors.append("title is empty")
    elif len(row["title"]) > 300:
        errors.append("title is longer than 300 characters")
    if row.get("language", "en") and row.get("language", "en") not in round_.languages:
        errors.append(f"language {row.get('language')!r} is not accepted in this round ({', '.join(round_.languages)})")
    if row.get("consent") and row["consent"] not in {c.value for c in Consent}:
        errors.append(f"consent {row['consent']!r} is not one of: " + ", ".join(c.value for c in Consent))
    session_keys = {s.key for s in round_.sessions}
    for key in _split(row.get("sessions")):
        if key not in session_keys:
            errors.append(f"session {key!r} is not a session of this round")
    letter = row.get("letter", "")
    if len(letter) > MAX_LETTER_CHARS:
        errors.append(f"letter is longer than {MAX_LETTER_CHARS:,} characters: attach it as a document instead")
    unanswered = False
    for question in round_.questions:
        answer = row.get(question.key, "")
        if question.required and not answer and not letter:
            errors.append(f"{question.key} is required and empty")
            unanswered = True
        elif word_count(answer) > question.word_limit:
            errors.append(f"{question.key} has {word_count(answer)} words; the limit is {question.word_limit}")
    if unanswered:
        errors.append("a letter that follows no form goes whole in the letter column")
    if row.get("received_at"):
        try:
            _received_at(row["received_at"])
        except ValueError:
            errors.append(f"received_at {row['received_at']!r} is not a date (YYYY-MM-DD or ISO 8601)")
    return errors


def _is_individual(row: dict) -> bool:
    return row.get("stakeholder_group") == StakeholderGroup.INDIVIDUAL.value


def _check_sender(row: dict, round_: Round) -> list[str]:
    """A person writing as themselves, input sent for others, parts kept for the conveners."""
    errors = []
    if _is_individual(row):
        if not round_.accepts_individuals:
            errors.append("this round does not accept input from individuals (stakeholder_group individual)")
        if not row.get("country"):
            errors.append("country is empty: give the country where the individual lives")
        if len(row.get("self_description", "")) > 120:
            errors.append("self_description is longer than 120 characters")
    else:
        errors += [f"{key} is for individuals only (stakeholder_group individual)"
                   for key in ("origin_country", "self_description") if row.get(key)]
    origin = row.get("origin_country", "")
    if origin and not (len(origin) == 2 and origin.isalpha()):
        errors.append(f"origin_country {origin!r} is not a two-letter ISO code")
    consent = row.get("on_behalf_consent", "").lower()
    if consent not in YES | NO:
        errors.append(f"on_behalf_consent {row['on_behalf_consent']!r} is not yes or no")
    elif row.get("on_behalf_of") and consent not in YES:
        errors.append("on_behalf_of is given but on_behalf_consent is not yes: record that the people agreed, "
                      "or leave on_behalf_of empty")
    if len(row.get("on_behalf_of", "")) > 200:
        errors.append("on_behalf_of is longer than 200 characters")
    parts = {q.key for q in round_.questions} | set(_split(row.get("attachments")))
    errors += [f"confidential {part!r} is neither a question key of this round nor a file in attachments"
               for part in _split(row.get("confidential")) if part not in parts]
    return errors


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _received_at(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def already_imported(round_: Round, external_id: str) -> Submission | None:
    return db.session.scalar(
        select(Submission).where(Submission.round_id == round_.id, Submission.external_ref == external_id)
    )


def find_or_create_organisation(row: dict) -> Organisation:
    """The sending organisation (found by name, else created unverified); for an individual,
    a profile of their own for this letter: people are never matched to each other by name."""
    if _is_individual(row):
        profile = Organisation(name=row.get("organisation", ""), stakeholder_group=StakeholderGroup.INDIVIDUAL,
                               country=row["country"].upper(), origin_country=(row.get("origin_country") or "").upper()
                               or None, self_description=row.get("self_description") or None)
        db.session.add(profile)
        db.session.flush()
        return profile
    org = db.session.scalar(select(Organisation).where(
        func.lower(Organisation.name) == row["organisation"].lower(), ~is_individual()))
    if org is None:
        org = Organisation(
            name=row["organisation"],
            stakeholder_group=StakeholderGroup(row.get("stakeholder_group") or StakeholderGroup.OTHER),
            country=(row.get("country") or "").upper() or None,
        )
        db.session.add(org)
        db.session.flush()
    return org


def import_row(row: dict, round_: Round, *, actor, attachment_folder: Path | None = None) -> Submission:
    """Store one validated row (and its attachment files) as a submitted, imported
    submission awaiting moderation."""
    submission = services.create_draft(
        round_, find_or_create_organisation(row), actor=actor, language=row.get("language") or "en",
        consent=Consent(row.get("consent") or Consent.NOT_PUBLISHED), imported=True,
    )
    submission.external_ref = row["external_id"]
    wanted = set(_split(row.get("sessions")))
    kept = set(_split(row.get("confidential")))
    names = _split(row.get("attachments"))
    for name, path in zip(names, attachment_paths(row, attachment_folder) if names else []):
        stored = attachments.store(path.read_bytes(), path.name, max_bytes=round_.max_attachment_mb * 1024 * 1024)
        submission.attachments.append(Attachment(**vars(stored), confidential=name in kept))
    services.save_content(
        submission, actor=actor,
        answers={q.id: row.get(q.key, "") for q in round_.questions if row.get(q.key)},
        sessions=[s for s in round_.sessions if s.key in wanted],
        confidential_question_ids={q.id for q in round_.questions if q.key in kept},
        title=row["title"], summary=row.get("summary", ""), letter=row.get("letter", ""),
        on_behalf_of=row.get("on_behalf_of", ""), on_behalf_consent=row.get("on_behalf_consent", "").lower() in YES,
    )
    services.transition(submission, Action.SUBMIT, actor=actor, reason="Imported from offline input")
    if row.get("received_at"):
        submission.submitted_at = _received_at(row["received_at"])
    return submission
