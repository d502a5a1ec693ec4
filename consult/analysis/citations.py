"""Traceable outcomes: a recommendation or a session synthesis cites the tagged passages it
rests on, and the outcome page shows them with the stakeholder groups behind it.

A citation is part of the outcome: it is shown once the outcome is published (to its
conveners before), but each passage only if the public may read it, redacted; the counts of
groups likewise count public input only for the public.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Select, distinct, func, select, union

from consult import audit, db
from consult.analysis.models import Citation, Stance, Tag, Theme
from consult.analysis.matrix import NOT_ANALYSED
from consult.analysis.queries import codebook_of
from consult.analysis.public_passages import part_public_clause, public_passage
from consult.organisations.models import Organisation, StakeholderGroup
from consult.outcomes.models import Outcome, Recommendation, SessionSynthesis
from consult.submissions.models import Submission
from consult.web import Refused

STANCES = list(Stance)


# --- citing -------------------------------------------------------------------------------
def _owner_round_id(text: Recommendation | SessionSynthesis) -> int:
    return text.outcome.round_id


def cite(text: Recommendation | SessionSynthesis, tags: list[Tag], *, actor) -> int:
    """Cite ``tags`` from a recommendation or a session synthesis; returns how many were new
    (a passage cited already is not cited twice)."""
    if not tags:
        raise Refused(_("Tick at least one passage to cite."), field="tags")
    if any(t.round_id != _owner_round_id(text) for t in tags):
        raise Refused(_("Only passages tagged in this round can be cited."), field="tags")
    cited = {c.tag_id for c in text.tag_citations}
    new = [t for t in tags if t.id not in cited]
    for tag in new:
        citation = Citation(tag=tag, **_owner(text))
        db.session.add(citation)
    db.session.flush()
    for tag in new:
        audit.record(actor, "cite", text, tag_id=tag.id)
    return len(new)


def remove_citation(text: Recommendation | SessionSynthesis, citation_id: int, *, actor) -> None:
    citation = next((c for c in text.tag_citations if c.id == citation_id), None)
    if citation is None:
        raise Refused(_("This passage is no longer cited."))
    tag_id = citation.tag_id
    db.session.delete(citation)
    db.session.flush()
    audit.record(actor, "uncite", text, tag_id=tag_id)


def _owner(text) -> dict:
    if isinstance(text, Recommendation):
        return {"recommendation": text}
    return {"synthesis": text}


# --- the picker -----------------------------------------------------------------------------
def citable_tags(round_id: int, theme: Theme) -> Select:
    """A theme's tagged passages in the round, to pick from."""
    return (select(Tag).join(Submission, Tag.submission_id == Submission.id)
            .where(Tag.round_id == round_id, Tag.theme_id == theme.id).order_by(Submission.reference, Tag.id))


def theme_for_picker(round_id: int, theme_id: str | None) -> Theme | None:
    if not (theme_id or "").isdigit() or len(theme_id) > 12:
        return None
    return db.session.scalar(select(Theme).where(Theme.id == int(theme_id), Theme.round_id == round_id))


def round_themes(round_id: int) -> list[Theme]:
    return list(db.session.scalars(select(Theme).where(Theme.round_id == round_id)
                                   .order_by(Theme.parent_id.is_not(None), Theme.position, Theme.id)))


# --- what the outcome page shows ----------------------------------------------------------------
@dataclass
class CitedPassage:
    citation: Citation
    text: str  # what the reader may read: the passage, redacted for the public
    public: bool


@dataclass
class GroupStand:
    group: StakeholderGroup
    submissions: Counter = field(default_factory=Counter)  # Stance → distinct submissions


@dataclass
class Evidence:
    passages: list[CitedPassage] = field(default_factory=list)
    not_shown: int = 0  # cited passages of input the public may not read
    groups: list[GroupStand] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.passages or self.not_shown or self.groups)


@dataclass
class OutcomeEvidence:
    recommendations: dict[int, Evidence]
    syntheses: dict[int, Evidence]
    staff: bool
    show_matrix: bool = False  # the reader may open the round's convergence matrix

    def of_recommendation(self, recommendation: Recommendation) -> Evidence:
        return self.recommendations.get(recommendation.id, Evidence())

    def of_synthesis(self, synthesis: SessionSynthesis | None) -> Evidence:
        return self.syntheses.get(synthesis.id, Evidence()) if synthesis is not None else Evidence()


def outcome_evidence(outcome: Outcome | None, user) -> OutcomeEvidence:
    """The passages each text of the outcome cites and, for each recommendation, where the
    stakeholder groups stand: as the round's analysts see it, or as the public may."""
    if outcome is None:
        return OutcomeEvidence({}, {}, staff=False)
    staff = outcome.round.can_moderate(user)
    if not staff and not outcome.is_public():
        return OutcomeEvidence({}, {}, staff=False)
    codebook = codebook_of(outcome.round)
    evidence = OutcomeEvidence({}, {}, staff=staff, show_matrix=codebook is not None and (
        staff or codebook.is_public(outcome)))
    for recommendation in outcome.recommendations:
        evidence.recommendations[recommendation.id] = _cited(recommendation.tag_citations, staff)
    for synthesis in outcome.syntheses:
        evidence.syntheses[synthesis.id] = _cited(synthesis.tag_citations, staff)
    for recommendation_id, stands in _group_stands(outcome, public=not staff).items():
        evidence.recommendations.setdefault(recommendation_id, Evidence()).groups = stands
    return evidence


def _cited(citations: list[Citation], staff: bool) -> Evidence:
    evidence = Evidence()
    for citation in sorted(citations, key=lambda c: (c.tag.submission.reference, c.id)):
        shown = public_passage(citation.tag)
        if staff:
            evidence.passages.append(CitedPassage(citation, citation.tag.passage, public=shown is not None))
        elif shown is None:
            evidence.not_shown += 1
        else:
            evidence.passages.append(CitedPassage(citation, shown, public=True))
    return evidence


def _group_stands(outcome: Outcome, *, public: bool) -> dict[int, list[GroupStand]]:
    """Per recommendation, the distinct submissions of each group by stance, from the
    passages it cites and the tags whose stance is towards it: one grouped query."""
    ids = [r.id for r in outcome.recommendations]
    if not ids:
        return {}
    links = union(
        select(Citation.recommendation_id.label("rid"), Citation.tag_id.label("tid"))
        .where(Citation.recommendation_id.in_(ids)),
        select(Tag.recommendation_id.label("rid"), Tag.id.label("tid")).where(Tag.recommendation_id.in_(ids)),
    ).subquery()
    statement = (select(links.c.rid, Organisation.stakeholder_group, Tag.stance,
                        func.count(distinct(Tag.submission_id)))
                 .join(Tag, Tag.id == links.c.tid).join(Submission, Tag.submission_id == Submission.id)
                 .join(Organisation, Submission.organisation_id == Organisation.id)
                 .where(Submission.state.not_in(NOT_ANALYSED))
                 .group_by(links.c.rid, Organisation.stakeholder_group, Tag.stance))
    if public:
        statement = statement.where(Submission.public_clause(), part_public_clause())
    stands: dict[int, dict[StakeholderGroup, GroupStand]] = {}
    for rid, group, stance, n in db.session.execute(statement):
        group = StakeholderGroup(group)
        stands.setdefault(rid, {}).setdefault(group, GroupStand(group)).submissions[Stance(stance)] = n
    return {rid: [by_group[g] for g in StakeholderGroup if g in by_group] for rid, by_group in stands.items()}
