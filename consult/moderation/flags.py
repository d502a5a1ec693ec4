"""Personal-data flags on one submission: what the detector finds in each part (title,
summary, letter, answers, attachments' extracted text), and whether a redaction already
withholds it. The review page shows them; publishing counts the unresolved ones."""
from __future__ import annotations

from dataclasses import dataclass

from consult.moderation.personal_data import Kind
from consult.moderation.scans import findings_for
from consult.submissions.models import Redaction, Submission
from consult.submissions.public_text import PUBLIC_AUTHOR_PARTS, author_part_text


@dataclass(frozen=True)
class Flag:
    field: str          # "summary", "answer:<question id>", "attachment:<attachment id>"
    kind: Kind
    passage: str
    resolved: bool      # a passage redaction of the same part covers it


def regions(submission: Submission) -> list[str]:
    """Countries whose national phone formats to try: the organisation's and the round's."""
    return [c for c in (submission.organisation.country, submission.round.country) if c]


def parts(submission: Submission) -> list[tuple[str, str]]:
    texts = [("title", submission.title), ("summary", submission.summary), ("letter", submission.letter or "")]
    texts += [(part, author_part_text(submission, part)) for part in PUBLIC_AUTHOR_PARTS]
    texts += [(f"answer:{a.question_id}", a.text) for a in submission.answers]
    # A file with a moderator's redacted version: what the public gets is that version's text.
    texts += [(f"attachment:{a.id}", a.public_version.extracted_text or "") for a in submission.attachments]
    return [(field, text) for field, text in texts if text and text.strip()]


def _covered(text: str, start: int, end: int, redactions: list[Redaction]) -> bool:
    for redaction in redactions:
        if not redaction.passage:
            continue
        at = text.find(redaction.passage)
        while at != -1:
            if at <= start and end <= at + len(redaction.passage):
                return True
            at = text.find(redaction.passage, at + 1)
    return False


def flags(submission: Submission) -> list[Flag]:
    by_field: dict[str, list[Redaction]] = {}
    for redaction in submission.active_redactions:
        by_field.setdefault(redaction.field, []).append(redaction)
    texts = parts(submission)
    result = []
    for (field, text), found in zip(texts, findings_for([text for _field, text in texts], regions(submission))):
        for finding in found:
            covered = _covered(text, finding.start, finding.end, by_field.get(field, []))
            result.append(Flag(field, finding.kind, finding.passage, covered))
    return result


def unresolved_count(submission: Submission) -> int:
    return sum(1 for flag in flags(submission) if not flag.resolved)
