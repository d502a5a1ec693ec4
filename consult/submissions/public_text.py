"""What of a submission may leave the server: its text with redactions applied.

Public pages, search, feeds, the API and exports all take a submission's text from here,
never from the columns directly, so a redacted passage cannot leak through one of them.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

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


def public_document(submission: Submission) -> PublicDocument:
    """The public form of a submission (call only for one that passes the public predicate)."""
    by_field: dict[str, list[Redaction]] = {}
    for redaction in submission.active_redactions:
        by_field.setdefault(redaction.field, []).append(redaction)
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
        author_label=submission.public_author_label,
        answers=answers,
        attachments=submission.public_attachments,
        kept_confidential=submission.confidential_part_count,
    )


def attachment_field(attachment: Attachment) -> str:
    """The redactable part that is a file's extracted text."""
    return f"attachment:{attachment.id}"


def public_attachment_text(attachment: Attachment) -> str:
    """The extracted text of a public file with the redactions applied: those of its own
    part and, so that a passage withheld elsewhere cannot come back through a PDF, every
    other passage withheld in the submission ("" for a withheld file or no text)."""
    if not attachment.is_public_part or not attachment.extracted_text:
        return ""
    return redact(attachment.extracted_text, attachment.submission.active_redactions)


def public_attachment_texts(submission: Submission) -> list[str]:
    """The texts of the files the public may download, redacted (for the search index)."""
    return [text for text in map(public_attachment_text, submission.public_attachments) if text]
