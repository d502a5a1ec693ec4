"""The first read of a round's input: per stakeholder group and per theme, its key phrases and
how much of it is campaign letters rather than distinct submissions.

Key phrases are TF-IDF terms (words and two-word phrases) summed over the distinct passages
of the group or the theme, from the round's cached model (``text_model``): one sparse sum per
group, where a keyphrase extractor run per text (yake) would read all 10,000 texts again on
each change, and would score a campaign's 300 copies 300 times. Computed figures are cached
per round, keyed by the input's version and the tags' version.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from consult import db
from consult.analysis.models import Tag, Theme
from consult.analysis.text_model import CACHED_ROUNDS, RoundModel, model_of
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import Round


@dataclass(frozen=True)
class Reading:
    """Key phrases and counts of one slice of the input (a stakeholder group, a theme)."""

    submissions: int
    campaign_letters: int
    phrases: list[str]

    @property
    def distinct_submissions(self) -> int:
        """Submissions that are not a campaign's letter: texts written on their own."""
        return self.submissions - self.campaign_letters


@dataclass(frozen=True)
class Overview:
    total: Reading
    groups: list[tuple[StakeholderGroup, Reading]]  # groups that sent input, largest first
    themes: dict[int, Reading]  # theme id → its tagged input (themes with tags only)


def tags_version(round_id: int) -> tuple:
    return tuple(db.session.execute(
        select(func.count(), func.max(Tag.id)).where(Tag.round_id == round_id)).one())


def overview_of(round_: Round) -> Overview:
    model = model_of(round_.id)
    key = (model.version, tags_version(round_.id))
    cache: OrderedDict = current_app.extensions.setdefault("analysis_overviews", OrderedDict())
    cached = cache.get(round_.id)
    if cached is not None and cached[0] == key:
        return cached[1]
    overview = compute(model, round_.id)
    cache[round_.id] = (key, overview)
    cache.move_to_end(round_.id)
    while len(cache) > CACHED_ROUNDS:
        cache.popitem(last=False)
    return overview


def compute(model: RoundModel, round_id: int) -> Overview:
    by_group: dict[str, list[int]] = {}
    for submission_id, facts in model.facts.items():
        by_group.setdefault(facts.group, []).append(submission_id)
    groups = [(StakeholderGroup(group), reading(model, ids)) for group, ids in by_group.items()]
    groups.sort(key=lambda item: (-item[1].submissions, item[0].label))
    return Overview(total=reading(model, list(model.facts)), groups=groups, themes=theme_readings(model, round_id))


def reading(model: RoundModel, submission_ids: list[int], rows: list[int] | None = None) -> Reading:
    if rows is None:
        rows = [int(model.rows[i]) for s in submission_ids for i in model.by_submission.get(s, [])]
    letters = sum(1 for s in submission_ids if model.facts[s].campaign_letter)
    return Reading(len(submission_ids), letters, model.key_phrases(rows))


def theme_readings(model: RoundModel, round_id: int) -> dict[int, Reading]:
    """Per theme with tags: the submissions it tags (those among the analysed input) and the
    key phrases of the passages tagged."""
    submissions: dict[int, set[int]] = {}
    rows: dict[int, list[int]] = {}
    for theme_id, submission_id, part, passage in db.session.execute(
        select(Tag.theme_id, Tag.submission_id, Tag.part, Tag.passage)
        .join(Theme, Theme.id == Tag.theme_id).where(Theme.round_id == round_id)
    ):
        if submission_id not in model.facts:
            continue
        submissions.setdefault(theme_id, set()).add(submission_id)
        rows.setdefault(theme_id, []).extend(model.rows_of(submission_id, part, passage))
    return {theme_id: reading(model, sorted(ids), rows[theme_id]) for theme_id, ids in submissions.items()}
