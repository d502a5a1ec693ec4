"""Citing tagged passages from the outcome: a recommendation's or a session synthesis's
page of citations (its conveners), and the template global the outcome pages use to show
what each text rests on."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult import db
from consult.analysis import citations
from consult.analysis.citation_forms import CiteForm
from consult.analysis.public_passages import public_passage
from consult.outcomes.models import Recommendation, SessionSynthesis
from consult.outcomes.queries import recommendation_or_404
from consult.pagination import page_number, paginate
from consult.security import require
from consult.web import ButtonForm, button_or_400, commit_or_422, commit_or_back, form_status

bp = Blueprint("analysis_citations", __name__)


@bp.app_template_global()
def outcome_evidence(outcome):
    """For the outcome pages: the passages each text cites and the groups behind each
    recommendation, as this reader may see them."""
    return citations.outcome_evidence(outcome, current_user)


@bp.app_template_global()
def evidence_stances():
    return citations.STANCES


def editable_recommendation(recommendation_id: int) -> Recommendation:
    recommendation = recommendation_or_404(recommendation_id, current_user)
    require(recommendation.can_edit(current_user))
    return recommendation


def editable_synthesis(synthesis_id: int) -> SessionSynthesis:
    synthesis = db.session.get(SessionSynthesis, synthesis_id)
    if synthesis is None or not synthesis.outcome.can_view(current_user):
        abort(404)
    require(synthesis.outcome.can_edit(current_user))
    return synthesis


def here(text) -> str:
    if isinstance(text, Recommendation):
        return url_for("analysis_citations.recommendation_citations", recommendation_id=text.id)
    return url_for("analysis_citations.synthesis_citations", synthesis_id=text.id)


def removal_url(text, citation) -> str:
    if isinstance(text, Recommendation):
        return url_for("analysis_citations.remove_recommendation_citation", recommendation_id=text.id,
                       citation_id=citation.id)
    return url_for("analysis_citations.remove_synthesis_citation", synthesis_id=text.id, citation_id=citation.id)


def citations_page(text, title: str):
    """List what ``text`` cites; pick a theme, tick its passages, cite them."""
    round_id = text.outcome.round_id
    theme = citations.theme_for_picker(round_id, request.args.get("theme"))
    picker = paginate(citations.citable_tags(round_id, theme), page_number(request.args.get("page")), per_page=50) \
        if theme else None
    form = CiteForm(tags=picker.items if picker else [])

    def page(status: int = 200):
        return render_template("analysis/matrix_citations.html", text=text, title=title, round=text.outcome.round,
                               form=form, themes=citations.round_themes(round_id), theme=theme, picker=picker,
                               cited={c.tag_id for c in text.tag_citations}, button=ButtonForm(formdata=None),
                               not_public={c.id for c in text.tag_citations if public_passage(c.tag) is None},
                               remove_url=partial(removal_url, text)), status
    if not form.validate_on_submit():
        return page(form_status())
    chosen = [t for t in picker.items if t.id in set(form.tags.data or [])] if picker else []
    added = commit_or_422(page, citations.cite, text, chosen, form=form, actor=current_user)
    flash(ngettext("%(num)d passage cited.", "%(num)d passages cited.", added), "success")
    return redirect(request.full_path if theme else here(text))


@bp.route("/recommendations/<int:recommendation_id>/citations", methods=["GET", "POST"])
@login_required
def recommendation_citations(recommendation_id: int):
    recommendation = editable_recommendation(recommendation_id)
    return citations_page(recommendation, _("Passages %(code)s rests on", code=recommendation.code))


@bp.route("/syntheses/<int:synthesis_id>/citations", methods=["GET", "POST"])
@login_required
def synthesis_citations(synthesis_id: int):
    synthesis = editable_synthesis(synthesis_id)
    return citations_page(synthesis, _("Passages the summary of “%(session)s” rests on", session=synthesis.session.title))


@bp.post("/recommendations/<int:recommendation_id>/citations/<int:citation_id>/remove")
@login_required
def remove_recommendation_citation(recommendation_id: int, citation_id: int):
    recommendation = editable_recommendation(recommendation_id)
    button_or_400()
    commit_or_back(citations.remove_citation, recommendation, citation_id, actor=current_user, back=here(recommendation))
    flash(_("The passage is no longer cited."), "success")
    return redirect(here(recommendation))


@bp.post("/syntheses/<int:synthesis_id>/citations/<int:citation_id>/remove")
@login_required
def remove_synthesis_citation(synthesis_id: int, citation_id: int):
    synthesis = editable_synthesis(synthesis_id)
    button_or_400()
    commit_or_back(citations.remove_citation, synthesis, citation_id, actor=current_user, back=here(synthesis))
    flash(_("The passage is no longer cited."), "success")
    return redirect(here(synthesis))
