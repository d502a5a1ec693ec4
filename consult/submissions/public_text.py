"""What of a submission may leave the server: its text with redactions applied.

Public pages, search, feeds, the API and exports all take a submission's text from here,
never from the columns directly, so a redacted passage cannot leak through one of them.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from consult.organisations.countries import country_name
from consult.submissions.models import Attachment, Redaction, RedactionReason, Submission


def redact(text: str, redactions: list[Redaction]) -> str:
    """Replace every occurrence of each withheld passage by a marker naming the reason."""
    for redaction in sorted(redactions, key=lambda r: len(r.passage), reverse=True):
        if redaction.passage:
            text = text.replace(redaction.passage, marker(redaction.reason))
    return text


def marker(reason: RedactionReason) -> str:
    return "[" + _("redacted: %(reason)s", reason=reason.label.lower()) + "]"


@dataclass(frozen=True)
class PublicDocument:
    reference: str
    title: str
    summary: str
    letter: str  # the whole text of a letter that follows no form ("" for the form's input)
    author_label: str
    answers: list[tuple[int, str]]  # (question id, redacted answer text), in question order
    attachments: list  # the files the public may download
    kept_confidential: int  # parts kept for the conveners at the author's request


def redactions_by_field(submission: Submission) -> dict[str, list[Redaction]]:
    by_field: dict[str, list[Redaction]] = {}
    for redaction in submission.active_redactions:
        by_field.setdefault(redaction.field, []).append(redaction)
    return by_field


def public_document(submission: Submission) -> PublicDocument:
    """The public form of a submission (call only for one that passes the public predicate)."""
    by_field = redactions_by_field(submission)
    answers = [
        (answer.question_id, redact(answer.text, by_field.get(f"answer:{answer.question_id}", [])))
        for answer in sorted(submission.public_answers, key=lambda a: (a.question.position, a.question_id))
        if answer.text.strip()
    ]
    return PublicDocument(
        reference=submission.reference,
        title=redact(submission.title, by_field.get("title", [])),
        summary=redact(submission.summary, by_field.get("summary", [])),
        letter=redact(submission.letter, by_field.get("letter", [])),
        author_label=author_label(submission, by_field),
        answers=answers,
        attachments=submission.public_attachments,
        kept_confidential=submission.confidential_part_count,
    )


# Parts of the author's public label a moderator can redact like any other public text.
PUBLIC_AUTHOR_PARTS = ("on_behalf_of", "self_description")


def author_part_text(submission: Submission, part: str) -> str:
    """The original text of one of ``PUBLIC_AUTHOR_PARTS`` ("" when the label does not use it)."""
    if part == "on_behalf_of":
        return submission.on_behalf_of.strip() if submission.sent_on_behalf else ""
    org = submission.organisation
    return (org.self_description or "") if org.is_individual and not submission.public_name else ""


def author_label(submission: Submission, by_field: dict[str, list[Redaction]] | None = None) -> str:
    """Who the public sees as the author ("X on behalf of a group of seasonal workers"), the
    person's self-description and whom it was sent for redacted like any other public text."""
    by_field = redactions_by_field(submission) if by_field is None else by_field
    author = _author(submission, by_field)
    if submission.sent_on_behalf:
        whom = redact(author_part_text(submission, "on_behalf_of"), by_field.get("on_behalf_of", []))
        return _("%(author)s on behalf of %(whom)s", author=author, whom=whom)
    return author


def public_on_behalf_of(submission: Submission) -> str:
    """Whom the input was sent for, as the public reads it ("" when not sent for others)."""
    return redact(author_part_text(submission, "on_behalf_of"), redactions_by_field(submission).get("on_behalf_of", []))


def _author(submission: Submission, by_field: dict[str, list[Redaction]]) -> str:
    org = submission.organisation
    if submission.public_name:
        return submission.public_name
    if org.is_individual:
        return org.describe_anonymously(redact(org.self_description or "", by_field.get("self_description", [])))
    parts = [org.stakeholder_group.label] + ([country_name(org.country)] if org.country else [])
    return _("Anonymous") + " — " + ", ".join(str(p) for p in parts)


def attachment_field(attachment: Attachment) -> str:
    """The redactable part that is a file's extracted text."""
    return f"attachment:{attachment.id}"


def public_attachment_text(attachment: Attachment) -> str:
    """The extracted text of a public file (or of the redacted version a moderator uploaded in
    its place) with the redactions applied: those of its own part and, so that a passage withheld elsewhere cannot come back through a PDF, every
    other passage withheld in the submission ("" for a withheld file or no text)."""
    text = attachment.public_version.extracted_text  # a moderator's redacted version, if any
    if not attachment.is_public_part or not text:
        return ""
    return redact(text, attachment.submission.active_redactions)


def public_attachment_texts(submission: Submission) -> list[str]:
    """The texts of the files the public may download, redacted (for the search index)."""
    return [text for text in map(public_attachment_text, submission.public_attachments) if text]
