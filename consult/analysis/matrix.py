"""The convergence matrix: for each theme, where the stakeholder groups stand.

One aggregate query counts a round's tags by theme, stakeholder group and stance (and the
distinct submissions behind them); everything else — which stance dominates a cell, whether
the groups agree, split or stay silent on a theme — is worked out from those few hundred
rows, so the page stays fast with tens of thousands of tags.

The public matrix (once ``Codebook.is_public``) counts only tags the public may see: a stance
taken in input that is not public never leaves the server, not even as a number.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import lazy_gettext as _l
from sqlalchemy import Index, Select, and_, case, func, select

from consult import db
from consult.analysis.models import Stance, Tag, Theme
from consult.analysis.public_passages import part_public_clause
from consult.enums import LabelledEnum
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Level, Round
from consult.submissions.models import Submission
from consult.submissions.states import State

# The matrix sums a round's tags per theme and submission reading this index alone (the part
# too, for the public's matrix, which leaves out parts kept confidential). Declared here,
# beside the one query that needs it, with its own migration, rather than in the shared models.
MATRIX_INDEX = Index("ix_analysis_tags_matrix", Tag.round_id, Tag.theme_id, Tag.submission_id, Tag.stance, Tag.part)

# A draft was never received and withdrawn input was taken back: neither is analysed.
NOT_ANALYSED = (State.DRAFT, State.WITHDRAWN)
STANCES = list(Stance)


class Convergence(LabelledEnum):
    """How the groups that spoke on a theme stand together; the order of the rows."""

    AGREE = "agree", _l("All groups agree")
    SPLIT = "split", _l("Groups split")
    ONE_GROUP = "one_group", _l("One group only")
    NO_INPUT = "no_input", _l("No input tagged")


@dataclass(frozen=True)
class MatrixFilters:
    country: str | None = None
    level: Level | None = None

    @classmethod
    def from_args(cls, args, *, countries: list[str], levels: list[Level]) -> MatrixFilters:
        """Values not offered are ignored rather than refused (a shared link still opens)."""
        country, level = args.get("country"), args.get("level")
        return cls(country=country if country in countries else None,
                   level=Level(level) if level in {lv.value for lv in levels} else None)

    def as_args(self) -> dict[str, str]:
        return {k: str(v) for k, v in (("country", self.country), ("level", self.level)) if v}


@dataclass
class Cell:
    passages: int = 0
    submissions: int = 0
    stances: Counter = field(default_factory=Counter)  # Stance → passages

    @property
    def dominant(self) -> Stance | None:
        """The stance of most passages; a tie between stances counts as mixed."""
        if not self.passages:
            return None
        ranked = self.stances.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return Stance.MIXED
        return ranked[0][0]

    def share(self, stance: Stance) -> int:
        """Percentage of the cell's passages with ``stance`` (for the heat map)."""
        return round(100 * self.stances[stance] / self.passages) if self.passages else 0


@dataclass
class Row:
    theme: Theme
    label: str
    cells: dict[StakeholderGroup, Cell]
    convergence: Convergence = Convergence.NO_INPUT
    silent: list[StakeholderGroup] = field(default_factory=list)

    @property
    def submissions(self) -> int:
        return sum(c.submissions for c in self.cells.values())

    @property
    def agreed_stance(self) -> Stance | None:
        return next(iter({c.dominant for c in self.cells.values() if c.passages}), None) \
            if self.convergence == Convergence.AGREE else None


@dataclass
class Matrix:
    groups: list[StakeholderGroup]
    rows: list[Row]
    filters: MatrixFilters
    public: bool

    @cached_property
    def peak(self) -> int:
        """The most passages in one cell (the heat map's full strength)."""
        return max((c.passages for r in self.rows for c in r.cells.values()), default=0) or 1

    def by_convergence(self) -> list[tuple[Convergence, list[Row]]]:
        return [(c, [r for r in self.rows if r.convergence == c]) for c in Convergence
                if any(r.convergence == c for r in self.rows)]


def theme_label(theme: Theme) -> str:
    return f"{theme.parent.title} › {theme.title}" if theme.parent is not None else theme.title


def analysed_tags(round_: Round, filters: MatrixFilters, *, public: bool) -> Select:
    """The tags the matrix counts, joined to their submission, organisation and its round."""
    statement = (select(Tag).join(Submission, Tag.submission_id == Submission.id)
                 .join(Organisation, Submission.organisation_id == Organisation.id)
                 .join(Round, Submission.round_id == Round.id)
                 .where(Tag.round_id == round_.id, *_submission_filters(filters, public=public)))
    if public:
        statement = statement.where(part_public_clause())
    return statement


def _counts(round_: Round, filters: MatrixFilters, *, public: bool):
    """(theme id, group, passages, distinct submissions, passages per stance...) per cell, in
    one statement. The tags are first summed per theme and submission from the index alone
    (``ix_analysis_tags_matrix``), then each such line is joined once to its submission and
    organisation and summed per theme and group: no COUNT(DISTINCT) and half the joins of a
    query grouping the joined tags by theme, group and stance — the difference between a page
    in tens of milliseconds and one in hundreds at 50,000 tags."""
    per_submission = (select(Tag.theme_id, Tag.submission_id, func.count().label("passages"),
                             *[func.sum(case((Tag.stance == s, 1), else_=0)).label(s.value) for s in STANCES])
                      .where(Tag.round_id == round_.id).group_by(Tag.theme_id, Tag.submission_id))
    if public:
        per_submission = per_submission.where(part_public_clause())
    lines = per_submission.subquery()
    statement = (select(lines.c.theme_id, Organisation.stakeholder_group, func.sum(lines.c.passages), func.count(),
                        *[func.sum(lines.c[s.value]) for s in STANCES])
                 .join(Submission, Submission.id == lines.c.submission_id)
                 .join(Organisation, Submission.organisation_id == Organisation.id)
                 .where(*_submission_filters(filters, public=public))
                 .group_by(lines.c.theme_id, Organisation.stakeholder_group))
    if filters.level:
        statement = statement.join(Round, Submission.round_id == Round.id)
    return db.session.execute(statement).all()


def _submission_filters(filters: MatrixFilters, *, public: bool) -> list:
    """Conditions on the joined submission, its organisation and (for the level) its round."""
    conditions = [Submission.state.not_in(NOT_ANALYSED)]
    if public:
        conditions.append(Submission.public_clause())
    if filters.country:
        conditions.append(Organisation.country == filters.country)
    if filters.level:
        conditions.append(Round.level == filters.level)
    return conditions


def themes_of(round_: Round) -> list[Theme]:
    """The codebook's themes, each theme followed by its sub-themes."""
    themes = list(db.session.scalars(select(Theme).where(Theme.round_id == round_.id)
                                     .order_by(Theme.position, Theme.id)))
    top = [t for t in themes if t.parent_id is None]
    ordered = []
    for theme in top:
        ordered.append(theme)
        ordered.extend(t for t in themes if t.parent_id == theme.id)
    return ordered


def build_matrix(round_: Round, filters: MatrixFilters, *, public: bool) -> Matrix:
    cells: dict[tuple[int, StakeholderGroup], Cell] = {}
    for theme_id, group, passages, submissions, *by_stance in _counts(round_, filters, public=public):
        # int(): PostgreSQL sums integers as numeric (Decimal), SQLite as integers.
        cells[(theme_id, StakeholderGroup(group))] = Cell(
            passages=int(passages), submissions=int(submissions),
            stances=Counter({s: int(n) for s, n in zip(STANCES, by_stance) if n}))
    groups = [g for g in StakeholderGroup if any(key[1] == g for key in cells)]
    themes = themes_of(round_)
    position = {t.id: i for i, t in enumerate(themes)}
    rows = [classify(Row(theme, theme_label(theme), {g: cells.get((theme.id, g), Cell()) for g in groups}))
            for theme in themes]
    order = list(Convergence)
    rows.sort(key=lambda r: (order.index(r.convergence), -r.submissions, position[r.theme.id]))
    return Matrix(groups=groups, rows=rows, filters=filters, public=public)


def classify(row: Row) -> Row:
    """Agree: every group that spoke has the same dominant stance; split: they differ."""
    speaking = [g for g, c in row.cells.items() if c.passages]
    row.silent = [g for g, c in row.cells.items() if not c.passages]
    dominant = {row.cells[g].dominant for g in speaking}
    if not speaking:
        row.convergence = Convergence.NO_INPUT
    elif len(speaking) == 1:
        row.convergence = Convergence.ONE_GROUP
    else:
        row.convergence = Convergence.AGREE if len(dominant) == 1 else Convergence.SPLIT
    return row


# --- filter choices ----------------------------------------------------------------------
def countries_of(round_: Round, *, public: bool) -> list[str]:
    """Countries of the organisations whose input is tagged (the country filter's options)."""
    tagged = select(Tag.submission_id).where(Tag.round_id == round_.id)
    statement = (select(Organisation.country).distinct()
                 .join(Submission, Submission.organisation_id == Organisation.id)
                 .where(Submission.id.in_(tagged), Organisation.country.is_not(None),
                        *_submission_filters(MatrixFilters(), public=public)))
    return sorted(db.session.scalars(statement))


def rounds_feeding(round_: Round, depth: int = 4) -> list[Round]:
    """The round and those that feed into it, down the levels (local → national → ...)."""
    found, frontier = [round_], [round_]
    for _ in range(depth):
        frontier = [r for parent in frontier for r in parent.fed_by if r not in found]
        found.extend(frontier)
    return found


def levels_of(round_: Round) -> list[Level]:
    """The levels of the rounds whose input the matrix may hold; one when nothing feeds it."""
    present = {r.level for r in rounds_feeding(round_)}
    return [lv for lv in Level if lv in present]


# --- the passages behind a cell -------------------------------------------------------------
def cell_passages(round_: Round, filters: MatrixFilters, *, public: bool, theme: Theme,
                  group: StakeholderGroup | None, stance: Stance | None) -> Select:
    statement = analysed_tags(round_, filters, public=public).where(Tag.theme_id == theme.id)
    if group is not None:
        statement = statement.where(Organisation.stakeholder_group == group)
    if stance is not None:
        statement = statement.where(Tag.stance == stance)
    return statement.order_by(Submission.reference, Tag.id)


def theme_of_round(round_: Round, theme_id: str | None) -> Theme | None:
    if not (theme_id or "").isdigit() or len(theme_id) > 12:
        return None
    return db.session.scalar(select(Theme).where(and_(Theme.id == int(theme_id), Theme.round_id == round_.id)))
