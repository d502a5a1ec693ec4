"""Open data: a round's public submissions as CSV and JSON, and Atom feeds.

Every record is built from ``public_document()`` (redactions applied) for submissions that
pass the public predicate, and holds public fields only: never an author's name or email,
and the organisation's name only with its consent.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult import db
from consult.cosigning import queries as cosigning_queries
from consult.campaigns import queries as campaign_queries
from consult.campaigns.models import CampaignLetter
from consult.links import public_url_for
from consult.rounds.models import Round
from consult.submissions.models import Answer, Submission
from consult.submissions.public_text import public_document  # noqa: F401 - used by feeds too
from consult.submissions.public_text import public_on_behalf_of

# The data dictionary: every exported field and what it means (also shown on a page).
FIELDS = [
    ("reference", _l("The submission's permanent reference, e.g. HLD3-2026-0042.")),
    ("url", _l("Address of the submission's public page.")),
    ("round", _l("Slug of the consultation round.")),
    ("title", _l("Title given by the organisation (redactions applied).")),
    ("summary", _l("Summary given by the organisation (redactions applied).")),
    ("organisation", _l("Name of the organisation; empty when it asked to publish without its name.")),
    ("on_behalf_of", _l("Whom the organisation sent it for, with their consent (\"a group of seasonal "
                        "workers\"); empty when it spoke for itself. People are never named.")),
    ("cosigners", _l("Organisations that co-signed the submission and confirmed it, each with its name, "
                     "stakeholder group and country (in CSV: \"Name (trade_union, KE)\", separated by ';'); "
                     "invitations not confirmed are never published.")),
    ("stakeholder_group", _l("Stakeholder group of the organisation (civil_society, trade_union, ...).")),
    ("country", _l("ISO 3166-1 alpha-2 code of the organisation's country, when known.")),
    ("language", _l("Language the submission is written in (en, fr, es).")),
    ("sessions", _l("Keys of the thematic sessions the submission addresses, separated by ';'.")),
    ("published_at", _l("When it was published, in UTC (ISO 8601).")),
    ("letter", _l("The whole text of input that follows no form, such as a letter received by post "
                  "(redactions applied); empty for input sent through the form.")),
    ("campaign", _l("Number of the campaign (within the round) this submission is a letter of: the same text sent "
                    "by many, published once at /rounds/<round>/campaigns/<number>. Empty when it is in none.")),
    ("answers", _l("Answers by question key (in CSV: one column per question, named after its key).")),
    ("attachments", _l("Download addresses of the attached documents that are public, separated by ';' in CSV. "
                       "A document with redacted passages downloads as its text with the redactions applied.")),
]


def public_submissions_for_export(round_: Round | None = None, limit: int | None = None, *,
                                  outside_campaigns: bool = False) -> list[Submission]:
    """Every public submission (of a round), newest first; ``outside_campaigns`` leaves out
    the letters of campaigns, for the lists that show a campaign once (feeds, the home page)."""
    statement = (
        select(Submission)
        .where(Submission.public_clause())
        .options(
            selectinload(Submission.answers).selectinload(Answer.question),
            selectinload(Submission.organisation),
            selectinload(Submission.sessions),
            selectinload(Submission.attachments),
            selectinload(Submission.redactions),
            selectinload(Submission.round),
            cosigning_queries.with_cosigners(),
            selectinload(Submission.campaign_letter).selectinload(CampaignLetter.campaign),
        )
        .order_by(Submission.published_at.desc(), Submission.id.desc())
    )
    if round_ is not None:
        statement = statement.where(Submission.round_id == round_.id)
    if outside_campaigns:
        statement = statement.where(campaign_queries.outside_campaigns_clause())
    if limit:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


@dataclass
class FeedEntry:
    published: datetime
    submission: Submission | None = None
    document: object = None  # the submission's PublicDocument
    campaign: campaign_queries.PublicCampaign | None = None


def feed_entries(round_: Round | None, limit: int = 50) -> list[FeedEntry]:
    """The latest public input, newest first, each campaign once (dated by its latest letter)."""
    entries = [FeedEntry(s.published_at, s, public_document(s))
               for s in public_submissions_for_export(round_, limit, outside_campaigns=True)]
    entries += [FeedEntry(found.latest, campaign=found)
                for found in campaign_queries.public_campaigns(round_.id if round_ else None, limit=limit)]
    return sorted(entries, key=lambda e: e.published, reverse=True)[:limit]


def record(submission: Submission) -> dict:
    document = public_document(submission)
    keys = {q.id: q.key for q in submission.round.questions}
    organisation = submission.organisation
    return {
        "reference": submission.reference,
        "url": public_url_for("public.submission_detail", reference=submission.reference),
        "round": submission.round.slug,
        "title": document.title,
        "summary": document.summary,
        "organisation": submission.public_name or "",
        "on_behalf_of": public_on_behalf_of(submission),
        "cosigners": [cosigner(c) for c in cosigning_queries.confirmed(submission)],
        "stakeholder_group": organisation.stakeholder_group.value,
        "country": organisation.country or "",
        "language": submission.language,
        "sessions": [s.key for s in submission.sessions],
        "published_at": iso_utc(submission.published_at),
        "letter": document.letter,
        "campaign": submission.campaign_letter.campaign.number if submission.campaign_letter else None,
        "answers": {keys[question_id]: text for question_id, text in document.answers},
        "attachments": [attachment_url(a) for a in submission.public_attachments],
    }


def cosigner(cosignature) -> dict:
    org = cosignature.organisation
    return {"organisation": org.display_name, "stakeholder_group": org.stakeholder_group.value,
            "country": org.country or ""}


def attachment_url(attachment) -> str:
    """The public download address; the download view checks the public predicate again."""
    return public_url_for("submissions.download", attachment_id=attachment.id)


def iso_utc(moment: datetime | None) -> str:
    return moment.isoformat().replace("+00:00", "Z") if moment else ""


def as_json(round_: Round, submissions: list[Submission]) -> str:
    return json.dumps(
        {
            "round": {"slug": round_.slug, "title": round_.title, "level": round_.level.value,
                      "questions": [{"key": q.key, "text": q.text} for q in round_.questions]},
            "count": len(submissions),
            "submissions": [record(s) for s in submissions],
        },
        ensure_ascii=False,
        indent=1,
    )


def as_csv(round_: Round, submissions: list[Submission]) -> str:
    question_keys = [q.key for q in round_.questions]
    columns = [name for name, _ in FIELDS if name != "answers"] + question_keys
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for submission in submissions:
        row = record(submission)
        answers = row.pop("answers")
        row["sessions"] = ";".join(row["sessions"])
        row["attachments"] = ";".join(row["attachments"])
        row["cosigners"] = ";".join(f"{c['organisation']} ({c['stakeholder_group']}, {c['country']})"
                                    for c in row["cosigners"])
        writer.writerow({k: defuse_formula(v) for k, v in {**row, **answers}.items()})
    return buffer.getvalue()


def defuse_formula(value: str) -> str:
    """A cell starting with = + - @ is a formula to spreadsheet programs: quote it."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
