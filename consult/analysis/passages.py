"""A round's input cut into passages: the unit that suggestions propose and the overview reads.

A passage is a sentence or a short window of consecutive sentences of one *part* of a
submission ("summary", "letter", "answer:<question id>", "attachment:<attachment id>", the
parts a tag names). It is kept as an exact slice of the part's text, so that a confirmed
suggestion becomes a tag whose passage is found in the text, like a selection would be.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from consult import db
from consult.campaigns.models import CampaignLetter
from consult.organisations.models import Organisation
from consult.submissions.models import Answer, Attachment, Submission
from consult.submissions.states import State

# The input an analyst reads: everything received, except what moderators rejected (spam,
# off-topic) and what its authors withdrew.
ANALYSED_STATES = (State.SUBMITTED, State.CHANGES_REQUESTED, State.PUBLISHED, State.HIDDEN)

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
SENTENCE_END = re.compile(r"(?<=[.!?…;])[\"'”»)]*\s+")
WINDOW_CHARS = 320  # a window stops growing past this length: one or two sentences of a paper
MAX_PASSAGE_CHARS = 1200  # a sentence longer than this (a list without full stops) is cut
MIN_WORDS = 4  # "Dear Administrator," and headings say nothing a theme could rest on
# A position paper can run to hundreds of pages: its beginning says what it is about, and
# the bound keeps one file from filling the round's model.
MAX_PASSAGES_PER_PART = 300


@dataclass(frozen=True, slots=True)
class Passage:
    submission_id: int
    part: str
    text: str


@dataclass(frozen=True, slots=True)
class SubmissionFacts:
    """What the overview counts about a submission besides its text."""

    group: str  # the organisation's StakeholderGroup value
    campaign_letter: bool


def split_passages(text: str) -> Iterator[str]:
    """Sentences of ``text``, grouped into windows of about WINDOW_CHARS within a paragraph;
    each an exact slice of ``text`` (stripped)."""
    count = 0
    for paragraph in _spans(text, PARAGRAPH_BREAK, 0, len(text)):
        start = None
        for s_start, s_end in _spans(text, SENTENCE_END, *paragraph):
            start = s_start if start is None else start
            if s_end - start >= WINDOW_CHARS or s_end == paragraph[1]:
                for piece in _cut(text, start, s_end):
                    if len(piece.split()) >= MIN_WORDS:
                        yield piece
                        count += 1
                        if count >= MAX_PASSAGES_PER_PART:
                            return
                start = None


def _spans(text: str, separator: re.Pattern, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = start
    for match in separator.finditer(text, start, end):
        if match.start() > position:
            yield position, match.start()
        position = match.end()
    if end > position:
        yield position, end


def _cut(text: str, start: int, end: int) -> Iterator[str]:
    while start < end:
        stop = min(end, start + MAX_PASSAGE_CHARS)
        if stop < end:  # cut at a space rather than inside a word
            space = text.rfind(" ", start, stop)
            stop = space if space > start else stop
        piece = text[start:stop].strip()
        if piece:
            yield piece
        start = stop


def parts_of(summary: str, letter: str, answers: dict[int, str], files: dict[int, str]) -> Iterator[tuple[str, str]]:
    """(part, text) of one submission, in reading order."""
    yield "summary", summary or ""
    yield "letter", letter or ""
    for question_id, text in answers.items():
        yield f"answer:{question_id}", text or ""
    for attachment_id, text in files.items():
        yield f"attachment:{attachment_id}", text or ""


def part_text(submission: Submission, part: str) -> str | None:
    """The text of ``part`` of a loaded submission; None when it has no such part."""
    kind, _, ident = part.partition(":")
    if part in ("summary", "letter"):
        return getattr(submission, part)
    if not ident.isdigit():
        return None
    if kind == "answer":
        return next((a.text for a in submission.answers if a.question_id == int(ident)), None)
    if kind == "attachment":
        return next((a.extracted_text or "" for a in submission.attachments if a.id == int(ident)), None)
    return None


def part_label(submission: Submission, part: str) -> str:
    """What an analyst calls ``part`` of a loaded submission ("Answer to question 2", a file's name)."""
    kind, _sep, ident = part.partition(":")
    if kind == "answer":
        answer = next((a for a in submission.answers if str(a.question_id) == ident), None)
        return _("Answer to: %(question)s", question=answer.question.text) if answer else _("Answer")
    if kind == "attachment":
        file = next((a for a in submission.attachments if str(a.id) == ident), None)
        return _("Attached file %(name)s", name=file.filename) if file else _("Attached file")
    return _("Letter") if kind == "letter" else _("Summary")


# --- a round's input, read in a few queries --------------------------------------------------
def analysed(round_id: int):
    return (Submission.round_id == round_id) & Submission.state.in_(ANALYSED_STATES)


def input_version(round_id: int) -> tuple:
    """Changes whenever the passages of the round may have changed: a submission received,
    edited or leaving the analysed states, a file's text read. One aggregate query."""
    files = (select(func.count()).select_from(Attachment).join(Submission)
             .where(analysed(round_id), Attachment.extracted_text.is_not(None)).scalar_subquery())
    count, latest, edits, files = db.session.execute(
        select(func.count(), func.max(Submission.updated_at), func.sum(Submission.lock_version), files)
        .where(analysed(round_id))
    ).one()
    return count, str(latest), edits, files


def round_passages(round_id: int) -> tuple[list[Passage], dict[int, SubmissionFacts]]:
    """Every passage of the round's analysed input, and each submission's facts."""
    facts: dict[int, SubmissionFacts] = {}
    texts: dict[int, tuple[str, str]] = {}
    rows = db.session.execute(
        select(Submission.id, Submission.summary, Submission.letter, Organisation.stakeholder_group)
        .join(Organisation, Submission.organisation_id == Organisation.id)
        .where(analysed(round_id)).order_by(Submission.id)
    )
    for submission_id, summary, letter, group in rows:
        texts[submission_id] = (summary, letter)
        facts[submission_id] = SubmissionFacts(group=getattr(group, "value", group), campaign_letter=False)
    answers: dict[int, dict[int, str]] = {}
    for submission_id, question_id, text in db.session.execute(
        select(Answer.submission_id, Answer.question_id, Answer.text).join(Submission)
        .where(analysed(round_id)).order_by(Answer.submission_id, Answer.question_id)
    ):
        answers.setdefault(submission_id, {})[question_id] = text
    files: dict[int, dict[int, str]] = {}
    for submission_id, attachment_id, text in db.session.execute(
        select(Attachment.submission_id, Attachment.id, Attachment.extracted_text).join(Submission)
        .where(analysed(round_id), Attachment.extracted_text.is_not(None)).order_by(Attachment.id)
    ):
        files.setdefault(submission_id, {})[attachment_id] = text
    for submission_id in _campaign_letters(round_id):
        if submission_id in facts:
            facts[submission_id] = SubmissionFacts(group=facts[submission_id].group, campaign_letter=True)
    passages = [
        Passage(submission_id, part, piece)
        for submission_id, (summary, letter) in texts.items()
        for part, text in parts_of(summary, letter, answers.get(submission_id, {}), files.get(submission_id, {}))
        for piece in split_passages(text)
    ]
    return passages, facts


def _campaign_letters(round_id: int) -> list[int]:
    """Submissions recognised as letters of a campaign (the campaigns' own module answers)."""
    return list(db.session.scalars(
        select(CampaignLetter.submission_id).join(Submission, Submission.id == CampaignLetter.submission_id)
        .where(analysed(round_id))
    ))
