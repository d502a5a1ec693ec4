"""The pages of outcomes: a round's outcome, a recommendation, the register and its export
(public); writing and publishing the outcome, forwarding it up, granting reporting rights and
posting follow-up updates (conveners and the addressees' representatives). One blueprint, so
that every page of outcomes shares one name ("outcomes") and one URL space."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from consult import db
from consult.db import get_or_404
from consult.organisations.models import Organisation
from consult.organisations.queries import is_individual
from consult.outcomes import export, queries, services
from consult.outcomes.forms import GrantForm, RecommendationForm, UpdateForm, syntheses_form
from consult.outcomes.models import Outcome, Recommendation
from consult.outcomes.states import Addressee, RecommendationStatus
from consult.pagination import page_number, paginate
from consult.public.cache import conditional
from consult.rounds import queries as round_queries
from consult.rounds.models import Level
from consult.security import require
from consult.submissions import queries as submission_queries
from consult.web import ButtonForm, button_or_400, commit_or_422, commit_or_back, form_status

bp = Blueprint("outcomes", __name__)


@bp.app_template_global()
def round_outcomes(round_):
    """For the round page: its outcome, what was forwarded to it and what became of its
    recommendations higher up (the page template includes ``outcomes/_round_section.html``)."""
    return queries.round_outcome_view(round_, current_user)


def render(template: str, status: int = 200, **context):
    return render_template(template, **context), status


def to_outcome(round_, anchor: str | None = None) -> str:
    return url_for("outcomes.outcome", slug=round_.slug, _anchor=anchor)


def written_round_or_404(slug: str):
    """A round whose outcome this person may write."""
    round_ = round_queries.visible_round_or_404(slug, current_user)
    require(Outcome.may_write(round_, current_user))
    return round_


def allowed_recommendation(recommendation_id: int, may) -> Recommendation:
    """A recommendation this person sees (404) and ``may(recommendation, person)`` act on (403)."""
    recommendation = queries.recommendation_or_404(recommendation_id, current_user)
    require(may(recommendation, current_user))
    return recommendation


# --- public pages -------------------------------------------------------------------------
@bp.get("/rounds/<slug>/outcome")
def outcome(slug: str):
    round_ = round_queries.visible_round_or_404(slug, current_user)
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


@bp.get("/recommendations/<int:recommendation_id>")
def recommendation(recommendation_id: int):
    recommendation = queries.recommendation_or_404(recommendation_id, current_user)
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


# --- writing the outcome -------------------------------------------------------------------
@bp.route("/rounds/<slug>/outcome/edit", methods=["GET", "POST"])
@login_required
def edit_syntheses(slug: str):
    round_ = written_round_or_404(slug)
    outcome = queries.outcome_of(round_)
    form = syntheses_form(round_.sessions, outcome, formdata=request.form if request.method == "POST" else None)
    page = partial(render, "outcomes/edit_syntheses.html", round=round_, outcome=outcome, form=form)
    if not form.validate_on_submit():
        return page(form_status())
    texts = {s.id: form[f"session_{s.id}"].data for s in round_.sessions}
    commit_or_422(page, services.save_round_syntheses, round_, form=form, actor=current_user, texts=texts)
    flash(_("Session summaries saved."), "success")
    return redirect(to_outcome(round_))


def recommendation_form(round_, recommendation: Recommendation | None) -> RecommendationForm:
    """The form with its choices: the round's public input and what was forwarded to it."""
    submissions = db.session.scalars(submission_queries.public_submissions(round_.id)).all()
    forwarded = queries.forwarded_into(round_)
    obj_data = {}
    if recommendation is not None and request.method == "GET":
        obj_data = {
            "text": recommendation.text, "addressee": recommendation.addressee.value,
            "addressee_name": recommendation.addressee_name or "", "theme": recommendation.theme or "",
            "session": str(recommendation.session_id or ""),
            "support": [s.id for s in recommendation.supporting_submissions],
            "cites": [c.id for c in recommendation.cites],
        }
    return RecommendationForm(sessions=round_.sessions, submissions=submissions, forwarded=forwarded, data=obj_data)


def render_recommendation_form(round_, form, recommendation, status: int = 200):
    """Shows the chosen input plus, after "Find", the matches (searching keeps what was typed)."""
    query = (form.support_query.data or "").strip()
    found = queries.search_public_submissions(round_, query) if query else []
    shown = set(form.support.data or []) | {s.id for s in found}
    return render_template("outcomes/edit_recommendation.html", round=round_, form=form, recommendation=recommendation,
                           shown=shown, query=query, found=found), status


def recommendation_values(round_, form: RecommendationForm) -> dict:
    """What the services take: the chosen session, published input and cited recommendations."""
    session = next((s for s in round_.sessions if str(s.id) == form.session.data), None)
    cites = [r for r in queries.forwarded_into(round_) if r.id in set(form.cites.data or [])]
    return dict(text=form.text.data, addressee=Addressee(form.addressee.data),
                addressee_name=form.addressee_name.data, session=session, theme=form.theme.data,
                submissions=queries.public_submissions_by_id(round_, form.support.data or []), cites=cites)


def recommendation_page(round_, recommendation: Recommendation | None):
    form = recommendation_form(round_, recommendation)
    page = partial(render_recommendation_form, round_, form, recommendation)
    if "find" in request.form:  # a search in the picker: show the matches, keep what was typed
        return page()
    if not form.validate_on_submit():
        return page(form_status())
    values = recommendation_values(round_, form)
    if recommendation is None:
        recommendation = commit_or_422(page, services.add_round_recommendation, round_, form=form,
                                       actor=current_user, **values)
    else:
        commit_or_422(page, services.edit_recommendation, recommendation, form=form, actor=current_user, **values)
    flash(_("Recommendation %(code)s saved.", code=recommendation.code), "success")
    return redirect(to_outcome(round_, f"recommendation-{recommendation.id}"))


@bp.route("/rounds/<slug>/outcome/recommendations/new", methods=["GET", "POST"])
@login_required
def new_recommendation(slug: str):
    return recommendation_page(written_round_or_404(slug), None)


@bp.route("/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_recommendation(recommendation_id: int):
    recommendation = allowed_recommendation(recommendation_id, Recommendation.can_edit)
    return recommendation_page(recommendation.round, recommendation)


@bp.post("/recommendations/<int:recommendation_id>/delete")
@login_required
def delete_recommendation(recommendation_id: int):
    recommendation = allowed_recommendation(recommendation_id, Recommendation.can_delete)
    button_or_400()
    back = to_outcome(recommendation.round)
    commit_or_back(services.delete_recommendation, recommendation, actor=current_user, back=back)
    flash(_("The drafted recommendation was deleted."), "success")
    return redirect(back)


# --- publishing and forwarding ---------------------------------------------------------------
@bp.post("/rounds/<slug>/outcome/publish")
@login_required
def publish(slug: str):
    round_ = written_round_or_404(slug)
    outcome = queries.outcome_of(round_)
    button_or_400()
    if outcome is None:
        flash(_("Write a session summary or a recommendation before publishing the outcome."), "error")
        return redirect(to_outcome(round_))
    sent = commit_or_back(services.publish_outcome, outcome, actor=current_user, back=to_outcome(round_))
    flash(_("The outcome is published and the round is concluded.") + " " + ngettext(
        "%(num)d participant was told.", "%(num)d participants were told.", sent), "success")
    return redirect(to_outcome(round_))


@bp.post("/rounds/<slug>/outcome/forward")
@login_required
def forward(slug: str):
    round_ = round_queries.visible_round_or_404(slug, current_user)
    require(round_.is_convener(current_user))
    button_or_400()
    forwarding = commit_or_back(services.forward_recommendations, round_, actor=current_user,
                                back=to_outcome(round_))
    flash(_("Recommendations forwarded to “%(title)s”.", title=forwarding.to_round.title), "success")
    return redirect(to_outcome(round_))


# --- follow-up -------------------------------------------------------------------------------
@bp.route("/recommendations/<int:recommendation_id>/updates/new", methods=["GET", "POST"])
@login_required
def new_update(recommendation_id: int):
    recommendation = allowed_recommendation(recommendation_id, Recommendation.can_post_update)
    form = UpdateForm(current=recommendation.status)
    page = partial(render, "outcomes/new_update.html", recommendation=recommendation, form=form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.post_update, recommendation, form=form, actor=current_user,
                  status=RecommendationStatus(form.status.data), text=form.text.data,
                  evidence_url=form.evidence_url.data)
    flash(_("Update posted."), "success")
    return redirect(url_for("outcomes.recommendation", recommendation_id=recommendation.id))


@bp.route("/recommendations/<int:recommendation_id>/rights", methods=["GET", "POST"])
@login_required
def rights(recommendation_id: int):
    recommendation = allowed_recommendation(recommendation_id, Recommendation.can_grant_rights)
    form = GrantForm(organisations=db.session.scalars(
        select(Organisation).where(~is_individual()).order_by(Organisation.name)).all())
    page = partial(render, "outcomes/rights.html", recommendation=recommendation, form=form,
                   button=ButtonForm(formdata=None))
    if not form.validate_on_submit():
        return page(form_status())
    organisation = get_or_404(Organisation, form.organisation.data)
    commit_or_422(page, services.grant_update_right, recommendation, organisation, form=form, actor=current_user)
    flash(_("%(org)s may now post updates on this recommendation.", org=organisation.display_name), "success")
    return redirect(url_for("outcomes.rights", recommendation_id=recommendation.id))


@bp.post("/recommendations/<int:recommendation_id>/rights/<int:organisation_id>/revoke")
@login_required
def revoke_right(recommendation_id: int, organisation_id: int):
    recommendation = allowed_recommendation(recommendation_id, Recommendation.can_grant_rights)
    button_or_400()
    back = url_for("outcomes.rights", recommendation_id=recommendation.id)
    commit_or_back(services.revoke_update_right, recommendation, organisation_id, actor=current_user, back=back)
    flash(_("The right to post updates was withdrawn."), "success")
    return redirect(back)
