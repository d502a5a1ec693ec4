"""Rows of the analysis for tests that need themes and tags without going through the pages
(F1's views are tested through the pages themselves)."""
from __future__ import annotations

from consult import db
from consult.analysis.models import Codebook, CodebookOrigin, Stance, Tag, Theme
from consult.db import utcnow


def codebook(round_, *, origin: CodebookOrigin = CodebookOrigin.SCRATCH, published: bool = False) -> Codebook:
    book = Codebook(round_id=round_.id, origin=origin, published_at=utcnow() if published else None)
    db.session.add(book)
    db.session.flush()
    return book


def theme(book: Codebook, title: str = "Recruitment fees", *, parent: Theme | None = None,
          description: str = "") -> Theme:
    item = Theme(codebook=book, round_id=book.round_id, parent=parent, title=title, description=description,
                 position=len(book.themes) + 1)
    db.session.add(item)
    db.session.flush()
    return item


def tag(submission, item: Theme, passage: str = "", *, part: str | None = None,
        stance: Stance = Stance.SUPPORTS, note: str = "") -> Tag:
    """A tag of ``passage`` in ``part`` (the first answer's by default), or of the whole
    submission when ``passage`` is empty."""
    if part is None:
        part = f"answer:{submission.answers[0].question_id}" if passage else ""
    row = Tag(round_id=submission.round_id, submission=submission, theme=item, part=part, passage=passage,
              stance=stance, note=note)
    db.session.add(row)
    db.session.flush()
    return row


def add_to_world(world) -> None:
    """The analysis of the access matrix's world: an unpublished codebook on ``world.round``
    with a theme, a sub-theme and a tag on the published input; another round's theme and
    tag (its analysts are not this round's); and a published analysis on the concluded round."""
    world.codebook = codebook(world.round)
    world.theme = theme(world.codebook, "Recruitment fees")
    world.sub_theme = theme(world.codebook, "Fees charged in the country of origin", parent=world.theme)
    world.tag = tag(world.published, world.theme, "Workers should never pay recruitment fees")
    world.other_codebook = codebook(world.other_round)
    world.other_theme = theme(world.other_codebook, "Remittances")
    world.public_codebook = codebook(world.concluded_round, published=True)
    world.public_theme = theme(world.public_codebook, "Decent work")
