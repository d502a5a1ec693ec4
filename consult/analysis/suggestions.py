"""Suggestions an analyst confirms: untagged passages likely to belong to a theme.

Once a theme has MIN_EXAMPLES tagged examples, every distinct passage of the round's input is
scored by its cosine similarity to the theme's query vector (Rocchio): the mean TF-IDF vector
of the tagged passages, less GAMMA times the mean of the dismissed ones, so that a dismissal
pushes its near-duplicates down and a dismissed passage itself never comes back. Each
suggestion carries the words that weighed most in its score. A person always decides:
confirming makes a tag (``from_suggestion``), dismissing records a ``Dismissal``.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult import db
from consult.analysis.models import Dismissal, Stance, Tag, Theme
from consult.analysis.passages import ANALYSED_STATES, part_text
from consult.analysis.text_model import RoundModel, model_of, passage_hash
from consult.submissions.models import Answer, Submission
from consult.submissions.queries import by_ids
from consult.web import Refused

MIN_EXAMPLES = 3
GAMMA = 0.25  # weight of the dismissed passages against the examples (Rocchio's 0.15 / 0.75 is 0.2)
SHOWN = 20


@dataclass(frozen=True)
class Suggestion:
    submission_id: int
    part: str
    passage: str
    score: float
    words: list[str]
    copies: int  # other submissions holding the very same passage (a campaign, a quote)


@dataclass(frozen=True)
class Suggestions:
    examples: int
    items: list[Suggestion]

    @property
    def examples_missing(self) -> int:
        """How many more tagged examples the theme needs before anything is suggested."""
        return max(0, MIN_EXAMPLES - self.examples)


def theme_tags(theme: Theme, after: int = 0) -> list[tuple[int, int, str, str]]:
    return list(db.session.execute(
        select(Tag.id, Tag.submission_id, Tag.part, Tag.passage).where(Tag.theme_id == theme.id, Tag.id > after)
    ).all())


def theme_dismissals(theme: Theme, after: int = 0) -> list[tuple[int, int, str, str, str]]:
    return list(db.session.execute(
        select(Dismissal.id, Dismissal.submission_id, Dismissal.part, Dismissal.passage, Dismissal.passage_hash)
        .where(Dismissal.theme_id == theme.id, Dismissal.id > after)
    ).all())


def examples_signature(theme: Theme) -> tuple:
    """(number, highest id, sum of ids) of the theme's tags, then of its dismissals: changes
    whenever they do. The number of tags comes first (the threshold is checked on it)."""
    tags = select(func.count(Tag.id), func.max(Tag.id), func.sum(Tag.id)).where(Tag.theme_id == theme.id)
    dismissals = (select(func.count(Dismissal.id), func.max(Dismissal.id), func.sum(Dismissal.id))
                  .where(Dismissal.theme_id == theme.id))
    return tuple(int(v or 0) for v in (*db.session.execute(tags).one(), *db.session.execute(dismissals).one()))


@dataclass
class ThemeQuery:
    """A theme's examples folded into sums, kept beside the round's model: a tag or a
    dismissal added since is folded in, rather than every example read again."""

    signature: tuple
    positive: np.ndarray
    positives: int = 0
    negative: np.ndarray | None = None
    negatives: int = 0
    excluded: set[int] = field(default_factory=set)  # rows never to suggest again: tagged, dismissed

    @property
    def vector(self) -> np.ndarray:
        """Rocchio: the mean of the examples less GAMMA times the mean of the dismissed."""
        query = self.positive / max(1, self.positives)
        if self.negatives:
            query = query - GAMMA * self.negative / self.negatives
        return query

    def fold(self, model: RoundModel, tags, dismissals) -> None:
        groups, texts = [], []
        for _id, submission_id, part, passage in tags:
            rows = model.rows_of(submission_id, part, passage)
            self.excluded.update(rows)
            if rows:
                groups.append(rows)
            elif passage:  # a selection in a part not cut into passages (a title): its own words
                texts.append(passage)
        total, count = model.vector_sum(groups, texts)
        self.positive, self.positives = self.positive + total, self.positives + count
        known = [[model.row_of_hash[h]] for *_, h in dismissals if h in model.row_of_hash]
        unknown = [passage for *_, passage, h in dismissals if h not in model.row_of_hash]
        self.excluded.update(row for [row] in known)
        total, count = model.vector_sum(known, unknown)
        self.negative = total if self.negative is None else self.negative + total
        self.negatives += count


def _folds_onto(old: tuple, new: tuple, added_tags: list, added_dismissals: list) -> bool:
    """Do the rows added since ``old`` account exactly for ``new`` (nothing deleted)?"""
    return (old[0] + len(added_tags), old[2] + sum(t[0] for t in added_tags)) == (new[0], new[2]) and \
        (old[3] + len(added_dismissals), old[5] + sum(d[0] for d in added_dismissals)) == (new[3], new[5])


_folding = threading.Lock()  # two threads of a process must not fold the same examples twice


def theme_query(model: RoundModel, theme: Theme, signature: tuple) -> ThemeQuery:
    with _folding:
        return _theme_query(model, theme, signature)


def _theme_query(model: RoundModel, theme: Theme, signature: tuple) -> ThemeQuery:
    cached = model.queries.get(theme.id)
    if cached is not None and cached.signature == signature:
        return cached
    if cached is not None:
        tags, dismissals = theme_tags(theme, after=cached.signature[1]), theme_dismissals(theme, cached.signature[4])
        if _folds_onto(cached.signature, signature, tags, dismissals):
            cached.fold(model, tags, dismissals)
            cached.signature = signature
            return cached
    query = ThemeQuery(signature, np.zeros(model.matrix.shape[1], dtype=np.float32))
    query.fold(model, theme_tags(theme), theme_dismissals(theme))
    model.queries[theme.id] = query
    return query


def suggestions_for(theme: Theme, limit: int = SHOWN) -> Suggestions:
    """The theme's suggestions. Its examples are kept folded beside the round's model, so
    that asking again costs one sparse product, and after a confirmation, one more example."""
    signature = examples_signature(theme)
    examples = signature[0]
    if examples < MIN_EXAMPLES:
        return Suggestions(examples, [])
    model = model_of(theme.round_id)
    if not model.usable:
        return Suggestions(examples, [])
    query = theme_query(model, theme, signature)
    return Suggestions(examples, ranked(model, query.vector, query.excluded, limit))


def rank(model: RoundModel, tags, dismissals, limit: int = SHOWN) -> list[Suggestion]:
    """The ``limit`` best distinct passages for the examples ``tags`` (submission, part,
    passage), none dismissed (``dismissals``: submission, part, passage, hash) nor tagged."""
    query = ThemeQuery((), np.zeros(model.matrix.shape[1], dtype=np.float32))
    query.fold(model, [(0, *t) for t in tags], [(0, *d) for d in dismissals])
    return ranked(model, query.vector, query.excluded, limit)


def ranked(model: RoundModel, query: np.ndarray, excluded: set[int], limit: int) -> list[Suggestion]:
    scores = model.matrix @ query
    if excluded:
        scores[list(excluded)] = -np.inf
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > limit:
        candidates = candidates[np.argpartition(-scores[candidates], limit - 1)[:limit]]
    chosen = sorted(candidates.tolist(), key=lambda r: -scores[r])
    return [_suggestion(model, row, float(scores[row]), query) for row in chosen]


def _suggestion(model: RoundModel, row: int, score: float, query: np.ndarray) -> Suggestion:
    first = model.passages[model.occurrences[row][0]]
    copies = len({model.passages[i].submission_id for i in model.occurrences[row]}) - 1
    return Suggestion(first.submission_id, first.part, first.text, score, model.top_terms(row, query), copies)


def shown_submissions(items: list[Suggestion]) -> dict[int, Submission]:
    """The suggestions' submissions, with what their page names (organisation, question, file)."""
    loaded = by_ids({i.submission_id for i in items}, selectinload(Submission.organisation),
                    selectinload(Submission.attachments),
                    selectinload(Submission.answers).selectinload(Answer.question))
    return {s.id: s for s in loaded}


# --- what the analyst decides (services: flush, never commit) -------------------------------------
def suggested_passage(theme: Theme, submission_id: int, part: str, passage: str) -> Submission:
    """The submission whose ``part`` holds ``passage``, in the theme's round; refused when the
    text changed since the suggestion was shown."""
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.round_id != theme.round_id or submission.state not in ANALYSED_STATES:
        raise Refused(_("This passage is no longer among the round's input."))
    text = part_text(submission, part)
    if not passage or text is None or passage not in text:
        raise Refused(_("This passage is no longer in the submission's text: it was edited since."))
    return submission


def confirm_suggestion(theme: Theme, *, submission_id: int, part: str, passage: str, stance: Stance,
                       actor) -> Tag:
    """Tag the suggested passage with the theme. Confirming twice (a key pressed twice) keeps one tag."""
    submission = suggested_passage(theme, submission_id, part, passage)
    existing = db.session.scalar(select(Tag).where(
        Tag.theme_id == theme.id, Tag.submission_id == submission.id, Tag.part == part, Tag.passage == passage))
    if existing is not None:
        return existing
    tag = Tag(round_id=theme.round_id, submission_id=submission.id, theme_id=theme.id, part=part,
              passage=passage, stance=stance, from_suggestion=True, created_by_id=actor.id)
    db.session.add(tag)
    db.session.flush()
    return tag


def dismiss_suggestion(theme: Theme, *, submission_id: int, part: str, passage: str, actor) -> Dismissal:
    """Record that the passage does not belong to the theme: it and its copies are not suggested again."""
    submission = suggested_passage(theme, submission_id, part, passage)
    digest = passage_hash(passage)
    existing = db.session.scalar(select(Dismissal).where(
        Dismissal.theme_id == theme.id, Dismissal.submission_id == submission.id, Dismissal.part == part,
        Dismissal.passage_hash == digest))
    if existing is not None:
        return existing
    dismissal = Dismissal(theme_id=theme.id, submission_id=submission.id, part=part, passage=passage,
                          passage_hash=digest, created_by_id=actor.id)
    db.session.add(dismissal)
    db.session.flush()
    return dismissal


def decide(theme: Theme, *, decision: str, submission_id: int, part: str, passage: str, stance: Stance,
           actor) -> Tag | Dismissal:
    """The analyst's answer to one suggestion: "confirm" tags it, "dismiss" sets it aside."""
    if decision == "confirm":
        return confirm_suggestion(theme, submission_id=submission_id, part=part, passage=passage, stance=stance,
                                  actor=actor)
    return dismiss_suggestion(theme, submission_id=submission_id, part=part, passage=passage, actor=actor)
