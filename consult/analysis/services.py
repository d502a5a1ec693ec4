"""Operations on a round's analysis: the codebook, the tags, publication. The only writers
of the codebook and of tags made by hand (suggestions confirmed elsewhere call ``add_tag``).

Each takes plain values and an explicit ``actor``, only flushes, and writes the audit log.
A refusal raises :class:`AnalysisRefused` with a message for the person; nothing changed.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from consult import audit, db
from consult.analysis import library
from consult.analysis.models import Codebook, CodebookOrigin, Stance, Tag, Theme
from consult.analysis.reading import is_analysed, part_text
from consult.db import utcnow
from consult.outcomes.models import Outcome, Recommendation
from consult.rounds.models import Round
from consult.submissions.models import Submission
from consult.web import Refused


class AnalysisRefused(Refused):
    """The operation is not possible; the message says why, for the person."""


# --- the codebook -----------------------------------------------------------------------
def start_codebook(round_: Round, *, actor, origin: CodebookOrigin, library_keys: Iterable[str] = ()) -> Codebook:
    """The round's codebook, begun from its sessions (one theme each), from the library (the
    chosen themes, all of them when none is chosen) or empty."""
    if db.session.get(Codebook, round_.id) is not None:
        raise AnalysisRefused(_("This round already has a codebook."))
    codebook = Codebook(round_id=round_.id, origin=origin)
    db.session.add(codebook)
    db.session.flush()
    if origin == CodebookOrigin.SESSIONS:
        for position, session in enumerate(round_.sessions, start=1):
            db.session.add(Theme(codebook=codebook, round_id=round_.id, position=position, title=session.title[:200],
                                 description=session.description or ""))
    elif origin == CodebookOrigin.LIBRARY:
        import_library(codebook, actor=None, keys=list(library_keys) or list(library.BY_KEY))
    db.session.flush()
    audit.record(actor, "start_codebook", codebook.round, origin=origin.value, themes=len(codebook.themes))
    return codebook


def _next_position(codebook: Codebook, parent: Theme | None) -> int:
    return db.session.scalar(select(func.coalesce(func.max(Theme.position), 0)).where(
        Theme.round_id == codebook.round_id,
        Theme.parent_id == parent.id if parent is not None else Theme.parent_id.is_(None))) + 1


def import_library(codebook: Codebook, *, actor, keys: Iterable[str]) -> int:
    """Add the chosen library themes under their group ("Global Compact objectives", "SDG
    targets"), created when missing. A theme already in the codebook is not added twice.
    Returns how many were added."""
    chosen = [library.BY_KEY[k] for k in dict.fromkeys(keys) if k in library.BY_KEY]
    if not chosen:
        raise AnalysisRefused(_("Choose at least one theme of the library."), field="themes")
    present = {t.library_key: t for t in db.session.scalars(select(Theme).where(
        Theme.round_id == codebook.round_id, Theme.library_key.is_not(None)))}
    added = 0
    for item in chosen:
        if item.key in present:
            continue
        parent = present.get(item.group)
        if parent is None:
            group = library.group(item.group)
            parent = Theme(codebook=codebook, round_id=codebook.round_id, position=_next_position(codebook, None),
                           title=group.title, description="", source=group.source, library_key=group.key)
            db.session.add(parent)
            db.session.flush()
            present[group.key] = parent
        db.session.add(Theme(codebook=codebook, round_id=codebook.round_id, parent=parent,
                             position=_next_position(codebook, parent), title=item.title, description=item.wording,
                             source=item.source, library_key=item.key))
        db.session.flush()
        added += 1
    if actor is not None:
        audit.record(actor, "import_library_themes", codebook.round, themes=added)
    return added


def _check_parent(codebook: Codebook, theme: Theme | None, parent: Theme | None) -> None:
    if parent is None:
        return
    if parent.round_id != codebook.round_id:
        raise AnalysisRefused(_("Choose a theme of this round's codebook."), field="parent")
    if parent.parent_id is not None:
        raise AnalysisRefused(_("“%(title)s” is itself a sub-theme: the codebook has two levels at most.",
                                title=parent.title), field="parent")
    if theme is not None and (parent.id == theme.id or theme.children):
        raise AnalysisRefused(_("A theme with sub-themes cannot become a sub-theme: the codebook has two levels "
                                "at most."), field="parent")


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise AnalysisRefused(_("Give the theme a title."), field="title")
    return title


def add_theme(codebook: Codebook, *, actor, title: str, description: str = "", parent: Theme | None = None) -> Theme:
    _check_parent(codebook, None, parent)
    theme = Theme(codebook=codebook, round_id=codebook.round_id, parent=parent,
                  position=_next_position(codebook, parent), title=_clean_title(title),
                  description=(description or "").strip())
    db.session.add(theme)
    db.session.flush()
    audit.record(actor, "add_theme", theme, parent_id=parent.id if parent else None)
    return theme


def edit_theme(theme: Theme, *, actor, title: str, description: str = "", parent: Theme | None = None) -> None:
    _check_parent(theme.codebook, theme, parent)
    if (parent.id if parent else None) != theme.parent_id:
        theme.position = _next_position(theme.codebook, parent)
        theme.parent = parent
    theme.title = _clean_title(title)
    theme.description = (description or "").strip()
    db.session.flush()
    audit.record(actor, "edit_theme", theme, parent_id=theme.parent_id)


def move_theme(theme: Theme, *, actor, up: bool) -> None:
    """Swap the theme with its neighbour among its siblings (up: towards the top)."""
    siblings = db.session.scalars(select(Theme).where(
        Theme.round_id == theme.round_id,
        Theme.parent_id == theme.parent_id if theme.parent_id else Theme.parent_id.is_(None),
    ).order_by(Theme.position, Theme.id)).all()
    for position, sibling in enumerate(siblings, start=1):  # positions made distinct first
        sibling.position = position
    index = siblings.index(theme)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        raise AnalysisRefused(_("“%(title)s” is already at that end of the list.", title=theme.title))
    siblings[index].position, siblings[other].position = siblings[other].position, siblings[index].position
    db.session.flush()
    audit.record(actor, "move_theme", theme, position=theme.position)


def remove_theme(theme: Theme, *, actor) -> None:
    """Remove a theme and its sub-themes; refused while passages are tagged with them, so
    that no analyst's work disappears with a click."""
    ids = [theme.id, *(child.id for child in theme.children)]
    tagged = db.session.scalar(select(func.count(Tag.id)).where(Tag.theme_id.in_(ids)))
    if tagged:
        raise AnalysisRefused(ngettext(
            "“%(title)s” has %(num)d tag: move or remove it before removing the theme.",
            "“%(title)s” has %(num)d tags: move or remove them before removing the theme.", tagged, title=theme.title))
    audit.record(actor, "remove_theme", theme, title=theme.title)
    db.session.delete(theme)
    db.session.flush()


# --- tags -------------------------------------------------------------------------------
def _check_tag_values(submission: Submission, theme: Theme, recommendation: Recommendation | None) -> None:
    if theme.round_id != submission.round_id:
        raise AnalysisRefused(_("Choose a theme of this round's codebook."), field="theme")
    if recommendation is not None and recommendation.round.id != submission.round_id:
        raise AnalysisRefused(_("Choose a draft recommendation of this round's outcome."), field="recommendation")


def add_tag(submission: Submission, *, actor, theme: Theme, part: str, passage: str, stance: Stance,
            recommendation: Recommendation | None = None, note: str = "", from_suggestion: bool = False) -> Tag:
    """Tag a passage of one part of the submission, or the whole submission (``part`` "")."""
    if not is_analysed(submission):
        raise AnalysisRefused(_("Only input received and not turned away can be tagged."))
    _check_tag_values(submission, theme, recommendation)
    passage = (passage or "").strip()
    if part:
        text = part_text(submission, part)
        if text is None:
            raise AnalysisRefused(_("Choose a part of this submission."), field="part")
        if not passage:
            raise AnalysisRefused(_("Select or paste the passage to tag."), field="passage")
        if passage not in text:
            raise AnalysisRefused(_("That passage does not occur in the part you chose. Copy it exactly as it "
                                    "appears."), field="passage")
    else:
        passage = ""
    duplicate = db.session.scalar(select(Tag.id).where(Tag.submission_id == submission.id, Tag.theme_id == theme.id,
                                                        Tag.part == part, Tag.passage == passage))
    if duplicate is not None:
        raise AnalysisRefused(_("This passage is already tagged with “%(title)s”.", title=theme.title), field="theme")
    tag = Tag(round_id=submission.round_id, submission=submission, theme=theme, part=part, passage=passage,
              stance=stance, recommendation=recommendation, note=(note or "").strip(),
              from_suggestion=from_suggestion, created_by_id=getattr(actor, "id", None))
    db.session.add(tag)
    db.session.flush()
    audit.record(actor, "tag", tag, submission_id=submission.id, theme_id=theme.id, part=part, stance=stance.value)
    return tag


def edit_tag(tag: Tag, *, actor, theme: Theme, stance: Stance, recommendation: Recommendation | None = None,
             note: str = "") -> None:
    """Change what a tag says of its passage; the passage itself stays (remove and tag again)."""
    _check_tag_values(tag.submission, theme, recommendation)
    duplicate = db.session.scalar(select(Tag.id).where(
        Tag.submission_id == tag.submission_id, Tag.theme_id == theme.id, Tag.part == tag.part,
        Tag.passage == tag.passage, Tag.id != tag.id))
    if duplicate is not None:
        raise AnalysisRefused(_("This passage is already tagged with “%(title)s”.", title=theme.title), field="theme")
    tag.theme, tag.stance, tag.recommendation, tag.note = theme, stance, recommendation, (note or "").strip()
    db.session.flush()
    audit.record(actor, "edit_tag", tag, theme_id=theme.id, stance=stance.value)


def remove_tag(tag: Tag, *, actor) -> None:
    audit.record(actor, "remove_tag", tag, submission_id=tag.submission_id, theme_id=tag.theme_id)
    db.session.delete(tag)
    db.session.flush()


# --- publication ------------------------------------------------------------------------
def publish_analysis(codebook: Codebook, outcome: Outcome | None, *, actor) -> None:
    """Let the public see the analysis with the round's published outcome."""
    if codebook.published_at is not None:
        raise AnalysisRefused(_("The analysis is already published."))
    codebook.published_at, codebook.published_by_id = utcnow(), getattr(actor, "id", None)
    # Asked of the model's one rule rather than of the outcome's status here: if it still
    # says "not public", publishing would change nothing the public sees (rolled back).
    if not codebook.is_public(outcome):
        raise AnalysisRefused(_("Publish the round's outcome first: the analysis is published with it."))
    db.session.flush()
    audit.record(actor, "publish_analysis", codebook.round)


def withdraw_analysis(codebook: Codebook, *, actor) -> None:
    if codebook.published_at is None:
        raise AnalysisRefused(_("The analysis is not published."))
    codebook.published_at = codebook.published_by_id = None
    db.session.flush()
    audit.record(actor, "withdraw_analysis", codebook.round)
