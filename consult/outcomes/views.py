"""Public pages of outcomes: a round's outcome, a recommendation, the register and its export.

The conveners' and reporters' pages are in ``manage_views.py``, on the same blueprint.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from consult.db import get_or_404
from consult.outcomes import export, queries
from consult.outcomes.forms import ButtonForm
from consult.outcomes.models import Recommendation
from consult.outcomes.states import Addressee, RecommendationStatus
from consult.pagination import page_number, paginate
from consult.public.cache import conditional
from consult.rounds import queries as round_queries
from consult.rounds.models import Level

bp = Blueprint("outcomes", __name__)


@bp.app_template_global()
def round_outcomes(round_):
    """For the round page: its outcome, what was forwarded to it and what became of its
    recommendations higher up (the page template includes ``outcomes/_round_section.html``)."""
    return queries.round_outcome_view(round_, current_user)


def round_or_404(slug: str):
    round_ = round_queries.get_round_by_slug(slug)
    if round_ is None or not round_.can_view(current_user):
        abort(404)  # a draft round is not admitted to exist
    return round_


@bp.get("/rounds/<slug>/outcome")
def outcome(slug: str):
    round_ = round_or_404(slug)
    outcome = queries.outcome_of(round_)
    if outcome is None or not outcome.can_view(current_user):
        if not round_.is_convener(current_user):
            abort(404)  # a draft outcome is not admitted to exist
    counts = {s: 0 for s in RecommendationStatus}
    for recommendation in outcome.recommendations if outcome else []:
        counts[recommendation.status] += 1
    return render_template(
        "outcomes/outcome.html", round=round_, outcome=outcome, counts=counts,
        forwarded_in=queries.forwarded_into(round_), button=ButtonForm(formdata=None),
    )


def recommendation_or_404(recommendation_id: int) -> Recommendation:
    """A recommendation this visitor may see; any other is not admitted to exist."""
    recommendation = get_or_404(Recommendation, recommendation_id)
    if not recommendation.can_view(current_user):
        abort(404)
    return recommendation


@bp.get("/recommendations/<int:recommendation_id>")
def recommendation(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    return render_template("outcomes/recommendation.html", recommendation=recommendation,
                           round=recommendation.round, button=ButtonForm(formdata=None))


@bp.get("/recommendations")
def register():
    filters = queries.RegisterFilters.from_args(request.args)
    statement = queries.with_details(queries.register_statement(filters))
    page = paginate(statement, page_number(request.args.get("page")), per_page=25)
    return render_template(
        "outcomes/register.html", page=page, filters=filters, counts=queries.status_counts(filters),
        statuses=list(RecommendationStatus), addressees=list(Addressee), levels=list(Level),
        years=queries.publication_years(),
    )


@bp.get("/recommendations/export.<fmt>")
def register_export(fmt: str):
    if fmt not in ("csv", "json"):
        abort(404)
    filters = queries.RegisterFilters.from_args(request.args)
    recommendations = export.public_recommendations(filters)
    if fmt == "json":
        response = Response(export.as_json(filters, recommendations), mimetype="application/json")
    else:
        response = Response(export.as_csv(recommendations), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    return conditional(response)
