"""Codebooks, themes and tags made directly (the tagging pages are another part's)."""
from __future__ import annotations

from consult import db
from consult.analysis.models import Codebook, CodebookOrigin, Stance, Tag, Theme
from consult.analysis.passages import split_passages


def theme(round_, title: str = "Recruitment fees", description: str = "") -> Theme:
    codebook = db.session.get(Codebook, round_.id)
    if codebook is None:
        codebook = Codebook(round_id=round_.id, origin=CodebookOrigin.SCRATCH)
        db.session.add(codebook)
        db.session.flush()
    item = Theme(round_id=round_.id, title=title, description=description, position=len(codebook.themes))
    db.session.add(item)
    db.session.flush()
    return item


def tag(theme_: Theme, submission, passage: str | None = None, *, part: str | None = None,
        stance: Stance = Stance.SUPPORTS) -> Tag:
    """Tag ``passage`` (by default the first passage of the first answer) of ``submission``."""
    if part is None:
        answer = sorted(submission.answers, key=lambda a: a.question_id)[0]
        part = f"answer:{answer.question_id}"
        passage = passage or next(split_passages(answer.text))
    item = Tag(round_id=theme_.round_id, submission_id=submission.id, theme_id=theme_.id, part=part,
               passage=passage or "", stance=stance)
    db.session.add(item)
    db.session.flush()
    return item
