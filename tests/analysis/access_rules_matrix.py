"""Who may see the convergence matrix and cite passages from the outcome.

``w.round`` (open) has an unpublished codebook: its analysts (moderator, convener, admin)
see its matrix, anyone else is told nothing exists. ``w.concluded_round`` has a published
outcome and a published analysis: everyone sees its matrix. Citations belong to the outcome:
its conveners cite, on ``w.closed_round``'s drafted outcome and ``w.concluded_round``'s
published one. The analysis rows are made when a rule's address is first asked for, since
the shared world (tests/access.py) knows nothing of the analysis.
"""
from sqlalchemy import select

from consult import db
from consult.analysis.models import Citation, Stance, Tag
from consult.outcomes.queries import outcome_of
from tests.access import LOGIN, Rule, everyone, expect
from tests.analysis.matrix_factories import codebook
from tests.factories import Factories

ANALYSTS = dict(moderator=200, convener=200, admin=200)
CONVENERS = dict(convener=200, admin=200)


def analysed(round_, *, published: bool = False) -> Tag:
    """A codebook with one theme and one tagged passage in ``round_`` (made once), cited by the
    first recommendation and the first session summary of the round's outcome, if any."""
    existing = db.session.scalar(select(Tag).where(Tag.round_id == round_.id))
    if existing is not None:
        return existing
    (theme,) = codebook(round_, "Recruitment fees", published=published)
    organisation = Factories().organisation()
    item = Tag(round_id=round_.id, submission=Factories().submission(round_, organisation), theme=theme,
               part="summary", passage="Fees push workers into debt.", stance=Stance.SUPPORTS)
    db.session.add(item)
    found = outcome_of(round_)
    if found is not None and found.recommendations:
        db.session.add(Citation(tag=item, recommendation=found.recommendations[0]))
    if found is not None and found.syntheses:
        db.session.add(Citation(tag=item, synthesis=found.syntheses[0]))
    db.session.commit()
    return item


def matrix_of(w, round_, path="", published=False) -> str:
    item = analysed(round_, published=published)
    return f"/rounds/{round_.slug}/analysis/matrix{path}".replace("THEME", str(item.theme_id))


def forbidden_but(**allowed):
    return expect(403, anonymous=LOGIN, **allowed)


def draft_only(**allowed):
    """A drafted outcome is not admitted to exist but for its conveners; visitors log in first."""
    return expect(404, anonymous=LOGIN, **allowed)


def picker(text_url, round_) -> str:
    item = analysed(round_, published=round_.status.value == "concluded")
    return f"{text_url}?theme={item.theme_id}"


def citation_of(round_, *, synthesis: bool) -> Citation:
    item = analysed(round_, published=round_.status.value == "concluded")
    column = Citation.synthesis_id if synthesis else Citation.recommendation_id
    return db.session.scalar(select(Citation).where(Citation.tag_id == item.id, column.is_not(None)))


def rec(w, draft=True):
    return w.draft_recommendation if draft else w.recommendation


def summary(w, draft=True):
    return rec(w, draft).outcome.syntheses[0]


RULES = [
    # --- the matrix ------------------------------------------------------------------------
    Rule("analysis_matrix.matrix", lambda w: matrix_of(w, w.round), expect(404, **ANALYSTS),
         name="matrix before publication: the round's analysts"),
    Rule("analysis_matrix.matrix", lambda w: matrix_of(w, w.concluded_round, "?country=PH&level=national",
                                                       published=True),
         everyone(200), name="published matrix"),
    Rule("analysis_matrix.matrix", lambda w: f"/rounds/{w.draft_round.slug}/analysis/matrix",
         expect(404, **CONVENERS), name="matrix of a draft round"),
    Rule("analysis_matrix.matrix_export", lambda w: matrix_of(w, w.round, ".csv"), expect(404, **ANALYSTS),
         name="matrix CSV before publication"),
    Rule("analysis_matrix.matrix_export", lambda w: matrix_of(w, w.concluded_round, ".json", published=True),
         everyone(200), name="published matrix JSON"),
    Rule("analysis_matrix.matrix_export", lambda w: matrix_of(w, w.concluded_round, ".xml", published=True),
         everyone(404), name="matrix export unknown format"),
    Rule("analysis_matrix.passages", lambda w: matrix_of(w, w.round, "/passages?theme=THEME&group=civil_society"),
         expect(404, **ANALYSTS), name="a cell's passages before publication"),
    Rule("analysis_matrix.passages", lambda w: matrix_of(w, w.concluded_round, "/passages?theme=THEME&stance=supports",
                                                         published=True),
         everyone(200), name="a cell's published passages"),

    # --- citing from the outcome (its conveners) -------------------------------------------------
    Rule("analysis_citations.recommendation_citations",
         lambda w: picker(f"/recommendations/{rec(w).id}/citations", w.closed_round), draft_only(**CONVENERS),
         name="cite in a drafted recommendation"),
    Rule("analysis_citations.recommendation_citations",
         lambda w: picker(f"/recommendations/{rec(w, False).id}/citations", w.concluded_round),
         forbidden_but(**CONVENERS), name="cite in a published recommendation"),
    Rule("analysis_citations.recommendation_citations", lambda w: f"/recommendations/{rec(w).id}/citations",
         draft_only(convener=422, admin=422), method="POST", data=lambda w: {"tags": "1"},
         name="cite without CSRF"),
    Rule("analysis_citations.remove_recommendation_citation",
         lambda w: f"/recommendations/{rec(w).id}/citations/{citation_of(w.closed_round, synthesis=False).id}/remove",
         draft_only(convener=400, admin=400), method="POST", name="remove a citation without CSRF"),
    Rule("analysis_citations.synthesis_citations",
         lambda w: picker(f"/syntheses/{summary(w).id}/citations", w.closed_round), draft_only(**CONVENERS),
         name="cite in a drafted session summary"),
    Rule("analysis_citations.synthesis_citations",
         lambda w: picker(f"/syntheses/{summary(w, False).id}/citations", w.concluded_round),
         forbidden_but(**CONVENERS), name="cite in a published session summary"),
    Rule("analysis_citations.synthesis_citations", lambda w: f"/syntheses/{summary(w).id}/citations",
         draft_only(convener=422, admin=422), method="POST", data=lambda w: {"tags": "1"},
         name="cite in a summary without CSRF"),
    Rule("analysis_citations.remove_synthesis_citation",
         lambda w: f"/syntheses/{summary(w).id}/citations/{citation_of(w.closed_round, synthesis=True).id}/remove",
         draft_only(convener=400, admin=400), method="POST", name="remove a summary's citation without CSRF"),
]
