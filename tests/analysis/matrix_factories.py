"""Codebooks, themes and tags made directly, so the matrix and citations can be tested
without the tagging pages (F1's): rows exactly as the tagging services would leave them."""
from __future__ import annotations

from consult import db
from consult.analysis.models import Codebook, CodebookOrigin, Stance, Tag, Theme
from consult.db import utcnow


def codebook(round_, *titles: str, published: bool = False) -> list[Theme]:
    """A codebook for ``round_`` with a theme per title ("Parent > Child" makes a sub-theme)."""
    book = db.session.get(Codebook, round_.id) or Codebook(round_id=round_.id, origin=CodebookOrigin.SCRATCH)
    book.published_at = utcnow() if published else None
    db.session.add(book)
    db.session.flush()
    themes, by_title = [], {}
    for position, title in enumerate(titles, start=1):
        parent_title, _, own = title.rpartition(" > ")
        theme = Theme(round_id=round_.id, title=own, position=position, parent=by_title.get(parent_title))
        db.session.add(theme)
        by_title[own] = theme
        themes.append(theme)
    db.session.flush()
    return themes


def tag(submission, theme, stance: Stance = Stance.SUPPORTS, *, part: str = "summary",
        passage: str | None = None, recommendation=None) -> Tag:
    """A tag on ``submission``; by default its whole summary as the passage."""
    if passage is None:
        passage = submission.summary if part == "summary" else ""
    item = Tag(round_id=theme.round_id, submission=submission, theme=theme, part=part, passage=passage,
               stance=stance, recommendation=recommendation)
    db.session.add(item)
    db.session.flush()
    return item
