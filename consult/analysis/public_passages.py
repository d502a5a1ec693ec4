"""What of a tag the public may see: the one rule for tags, in SQL and for one loaded tag.

A tag is public when its submission passes the public predicate and the part it was taken
from is public too (an answer the author kept for the conveners, or a withheld file, is not),
and its passage then goes out with every redaction of the submission applied, like a file's
text (``consult/submissions/public_text.py``), so a withheld name cannot come back through a
quoted passage — not even half of it, when the analyst's selection cut through the name.
"""
from __future__ import annotations

from sqlalchemy import String, and_, cast, exists, literal, not_, select

from consult.analysis.models import Tag
from consult.submissions.models import Answer, Attachment, Submission
from consult.submissions.public_text import marker, public_document, redact


def tag_public_clause():
    """SQL: may the public see this tag (count it, read its passage)?"""
    return and_(Tag.submission.has(Submission.public_clause()), part_public_clause())


def part_public_clause():
    """SQL: is the part a tag was taken from public? (Beside the submission's own predicate,
    for a query that has joined the submission already.)"""
    confidential_answer = exists(select(Answer.id).where(
        Answer.submission_id == Tag.submission_id, Answer.confidential.is_(True),
        Tag.part == literal("answer:") + cast(Answer.question_id, String)))
    withheld_file = exists(select(Attachment.id).where(
        Attachment.submission_id == Tag.submission_id, not_(Attachment.public_part_clause()),
        Tag.part == literal("attachment:") + cast(Attachment.id, String)))
    return and_(~confidential_answer, ~withheld_file)


def part_source(submission: Submission, part: str) -> str | None:
    """The whole text of ``part`` of a public submission; None when that part is not public."""
    if part in ("summary", "letter", "title"):
        return getattr(submission, part)
    kind, _, key = part.partition(":")
    if kind == "answer":
        answer = next((a for a in submission.public_answers if str(a.question_id) == key), None)
        return answer.text if answer else None
    if kind == "attachment":
        attachment = next((a for a in submission.public_attachments if str(a.id) == key), None)
        return (attachment.extracted_text or "") if attachment else None
    return None


def public_passage(tag: Tag) -> str | None:
    """The passage as the public may read it, redacted; None when the public may not.
    A tag on the whole submission reads as its (redacted) title."""
    submission = tag.submission
    if not submission.is_public():
        return None
    if not tag.part:
        return public_document(submission).title
    source = part_source(submission, tag.part)
    if source is None:
        return None
    return redact_window(source, tag.passage, submission.active_redactions)


def redact_window(source: str, passage: str, redactions) -> str:
    """``passage`` as found in ``source``, with every character that belongs to a withheld
    passage of ``source`` replaced (a run of them by one marker). A passage no longer found in
    the text (it was edited since) is redacted as text, like any other."""
    start = source.find(passage) if passage else -1
    if start < 0:
        return redact(passage, redactions)
    end = start + len(passage)
    hidden: list[tuple[int, int, object]] = []  # (from, to) within the passage, and the reason
    for redaction in redactions:
        if not redaction.passage:
            continue
        at = source.find(redaction.passage)
        while at >= 0:
            stop = at + len(redaction.passage)
            if at < end and stop > start:
                hidden.append((max(at, start) - start, min(stop, end) - start, redaction.reason))
            at = source.find(redaction.passage, at + 1)
    pieces, cursor = [], 0
    for begin, stop, reason in sorted(hidden, key=lambda h: h[0]):
        if stop <= cursor:
            continue  # inside a span already hidden
        if begin >= cursor:
            pieces.append(passage[cursor:begin])
            pieces.append(marker(reason))
        cursor = stop
    pieces.append(passage[cursor:])
    return "".join(pieces)
