"""What an analyst reads: the parts of a submission with their text, the input of a round
open to analysis, and the passages the public may read once the analysis is published."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import Select, func, select

from consult import db
from consult.analysis.models import Tag, Theme
from consult.moderation.services import field_text
from consult.submissions.models import Submission
from consult.submissions.states import State

# Input received and not turned away: drafts were never sent, withdrawn input was taken
# back by its authors and rejected input (spam, off-topic) was refused by a moderator.
ANALYSED_STATES = (State.SUBMITTED, State.CHANGES_REQUESTED, State.PUBLISHED, State.HIDDEN)


@dataclass(frozen=True)
class Part:
    key: str    # Tag.part: "summary", "letter", "answer:<question id>", "attachment:<attachment id>"
    label: str
    text: str   # the original text: analysts are staff


def parts_of(submission: Submission) -> list[Part]:
    """Every part with text, in reading order (title aside: it names the input, it says nothing)."""
    parts = []
    if submission.summary.strip():
        parts.append(Part("summary", _("Summary"), submission.summary))
    if submission.letter.strip():
        parts.append(Part("letter", _("Letter"), submission.letter))
    answers = {a.question_id: a.text for a in submission.answers if a.text.strip()}
    for question in submission.round.questions:
        if question.id in answers:
            parts.append(Part(f"answer:{question.id}", _("Answer to: %(question)s", question=question.text),
                              answers[question.id]))
    for attachment in submission.attachments:
        if (attachment.extracted_text or "").strip():
            parts.append(Part(attachment.part, _("Text of the file %(name)s", name=attachment.filename),
                              attachment.extracted_text))
    return parts


def part_text(submission: Submission, part: str) -> str | None:
    """The original text of a taggable part, or None when the submission has no such part."""
    if part == "title":
        return None
    return field_text(submission, part)


def is_analysed(submission: Submission) -> bool:
    return submission.state in ANALYSED_STATES


def analysed_submissions(round_id: int) -> Select:
    return select(Submission).where(Submission.round_id == round_id, Submission.state.in_(ANALYSED_STATES))


def untagged_submissions(round_id: int) -> Select:
    tagged = select(Tag.submission_id).where(Tag.round_id == round_id)
    return analysed_submissions(round_id).where(Submission.id.not_in(tagged)).order_by(Submission.id)


def theme_counts(round_id: int, public_only: bool = False) -> dict[int, tuple[int, int]]:
    """Theme id → (tags, distinct submissions); sub-themes count on their own line."""
    statement = (select(Tag.theme_id, func.count(Tag.id), func.count(func.distinct(Tag.submission_id)))
                 .join(Submission, Submission.id == Tag.submission_id)
                 .where(Tag.round_id == round_id, Submission.state.in_(ANALYSED_STATES))
                 .group_by(Tag.theme_id))
    if public_only:
        statement = statement.where(Submission.public_clause())
    return {theme_id: (tags, submissions) for theme_id, tags, submissions in db.session.execute(statement)}


def tags_of_theme(theme: Theme) -> list[Tag]:
    return list(db.session.scalars(
        select(Tag).join(Submission, Submission.id == Tag.submission_id)
        .where(Tag.theme_id == theme.id, Submission.state.in_(ANALYSED_STATES)).order_by(Tag.submission_id, Tag.id)))


def mark_passages(text: str, tags: list[Tag]) -> Markup:
    """The text with each tagged passage wrapped in <mark> (longest first; a passage that
    overlaps one already marked is left as it is). Everything is escaped first."""
    spans: list[tuple[int, int, Tag]] = []
    for tag in sorted(tags, key=lambda t: len(t.passage), reverse=True):
        start = text.find(tag.passage) if tag.passage else -1
        if start != -1 and not any(s < start + len(tag.passage) and start < e for s, e, _t in spans):
            spans.append((start, start + len(tag.passage), tag))
    out, position = [], 0
    for start, end, tag in sorted(spans, key=lambda s: s[0]):
        out.append(escape(text[position:start]))
        out.append(Markup('<mark class="tagged" id="passage-{}" title="{}">{}</mark>').format(
            tag.id, f"{tag.theme.title} ({tag.stance.label})", text[start:end]))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def count_of(statement: Select) -> Select:
    return select(func.count()).select_from(statement.order_by(None).subquery())


def tags_of_submission(submission_id: int) -> Select:
    return select(Tag).where(Tag.submission_id == submission_id).order_by(Tag.part, Tag.id)


def library_keys(round_id: int) -> set[str]:
    """The library themes already in the round's codebook."""
    return set(db.session.scalars(select(Theme.library_key).where(
        Theme.round_id == round_id, Theme.library_key.is_not(None))))
