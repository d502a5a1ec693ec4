"""Conveners write and publish the outcome, forward it up, and grant reporting rights;
conveners and the addressees' representatives post follow-up updates.

The routes join the public blueprint of ``views.py``, so that every page of outcomes
shares one name ("outcomes") and one URL space.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from consult import db
from consult.organisations.models import Organisation
from consult.outcomes import queries, services
from consult.outcomes.forms import ButtonForm, GrantForm, RecommendationForm, UpdateForm, syntheses_form
from consult.outcomes.models import Outcome, Recommendation
from consult.outcomes.services import OutcomeRefused
from consult.outcomes.states import Addressee, RecommendationStatus
from consult.outcomes.views import bp, recommendation_or_404, round_or_404
from consult.submissions import queries as submission_queries
from consult.security import require


@bp.route("/rounds/<slug>/outcome/edit", methods=["GET", "POST"])
@login_required
def edit_syntheses(slug: str):
    round_ = round_or_404(slug)
    require(Outcome.may_write(round_, current_user))
    outcome = queries.outcome_of(round_)
    form = syntheses_form(round_.sessions, outcome, formdata=request.form if request.method == "POST" else None)
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("outcomes/edit_syntheses.html", round=round_, outcome=outcome, form=form), status
    outcome = services.outcome_for(round_, actor=current_user)
    texts = {s.id: form[f"session_{s.id}"].data for s in round_.sessions}
    services.save_syntheses(outcome, actor=current_user, texts=texts)
    db.session.commit()
    flash(_("Session summaries saved."), "success")
    return redirect(url_for("outcomes.outcome", slug=round_.slug))


def _recommendation_form(round_, recommendation: Recommendation | None):
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


def _render_recommendation_form(round_, form, recommendation, status):
    """Shows the chosen input plus, after "Find", the matches (searching keeps what was typed)."""
    query = (form.support_query.data or "").strip()
    found = queries.search_public_submissions(round_, query) if query else []
    shown = set(form.support.data or []) | {s.id for s in found}
    return render_template("outcomes/edit_recommendation.html", round=round_, form=form, recommendation=recommendation,
                           shown=shown, query=query, found=found), status


def _save_recommendation(round_, form, recommendation: Recommendation | None):
    session = next((s for s in round_.sessions if str(s.id) == form.session.data), None)
    submissions = queries.public_submissions_by_id(round_, form.support.data or [])
    cites = [r for r in queries.forwarded_into(round_) if r.id in set(form.cites.data or [])]
    values = dict(text=form.text.data, addressee=Addressee(form.addressee.data),
                  addressee_name=form.addressee_name.data, session=session, theme=form.theme.data,
                  submissions=submissions, cites=cites)
    if recommendation is None:
        outcome = services.outcome_for(round_, actor=current_user)
        return services.add_recommendation(outcome, actor=current_user, **values)
    services.edit_recommendation(recommendation, actor=current_user, **values)
    return recommendation


def _recommendation_page(round_, recommendation: Recommendation | None):
    form = _recommendation_form(round_, recommendation)
    if "find" in request.form:  # a search in the picker: show the matches, keep what was typed
        return _render_recommendation_form(round_, form, recommendation, 200)
    if not form.validate_on_submit():
        return _render_recommendation_form(round_, form, recommendation, 422 if request.method == "POST" else 200)
    try:
        saved = _save_recommendation(round_, form, recommendation)
    except OutcomeRefused as refusal:
        db.session.rollback()
        form.text.errors = [*form.text.errors, str(refusal)]
        return _render_recommendation_form(round_, form, recommendation, 422)
    db.session.commit()
    flash(_("Recommendation %(code)s saved.", code=saved.code), "success")
    return redirect(url_for("outcomes.outcome", slug=round_.slug) + f"#recommendation-{saved.id}")


@bp.route("/rounds/<slug>/outcome/recommendations/new", methods=["GET", "POST"])
@login_required
def new_recommendation(slug: str):
    round_ = round_or_404(slug)
    require(Outcome.may_write(round_, current_user))
    return _recommendation_page(round_, None)


@bp.route("/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_recommendation(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_edit(current_user))
    return _recommendation_page(recommendation.round, recommendation)


@bp.post("/rounds/<slug>/outcome/publish")
@login_required
def publish(slug: str):
    round_ = round_or_404(slug)
    require(Outcome.may_write(round_, current_user))
    outcome = queries.outcome_of(round_)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if outcome is None:
        flash(_("Write a session summary or a recommendation before publishing the outcome."), "error")
        return redirect(url_for("outcomes.outcome", slug=round_.slug))
    try:
        sent = services.publish_outcome(outcome, actor=current_user)
    except OutcomeRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("outcomes.outcome", slug=round_.slug))
    db.session.commit()
    flash(_("The outcome is published and the round is concluded.") + " " + ngettext(
        "%(num)d participant was told.", "%(num)d participants were told.", sent), "success")
    return redirect(url_for("outcomes.outcome", slug=round_.slug))


@bp.post("/rounds/<slug>/outcome/forward")
@login_required
def forward(slug: str):
    round_ = round_or_404(slug)
    require(round_.is_convener(current_user))
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        forwarding = services.forward_recommendations(round_, actor=current_user)
    except OutcomeRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("outcomes.outcome", slug=round_.slug))
    db.session.commit()
    flash(_("Recommendations forwarded to “%(title)s”.", title=forwarding.to_round.title), "success")
    return redirect(url_for("outcomes.outcome", slug=round_.slug))


@bp.route("/recommendations/<int:recommendation_id>/updates/new", methods=["GET", "POST"])
@login_required
def new_update(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_post_update(current_user))
    form = UpdateForm(current=recommendation.status)
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("outcomes/new_update.html", recommendation=recommendation, form=form), status
    try:
        services.post_update(recommendation, actor=current_user, status=RecommendationStatus(form.status.data),
                             text=form.text.data, evidence_url=form.evidence_url.data)
    except OutcomeRefused as refusal:
        db.session.rollback()
        form.status.errors = [str(refusal)]
        return render_template("outcomes/new_update.html", recommendation=recommendation, form=form), 422
    db.session.commit()
    flash(_("Update posted."), "success")
    return redirect(url_for("outcomes.recommendation", recommendation_id=recommendation.id))


@bp.route("/recommendations/<int:recommendation_id>/rights", methods=["GET", "POST"])
@login_required
def rights(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_grant_rights(current_user))
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form = GrantForm(organisations=organisations)
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("outcomes/rights.html", recommendation=recommendation, form=form,
                               button=ButtonForm(formdata=None)), status
    organisation = db.session.get(Organisation, form.organisation.data)
    try:
        services.grant_update_right(recommendation, organisation, actor=current_user)
    except OutcomeRefused as refusal:
        form.organisation.errors = [str(refusal)]
        return render_template("outcomes/rights.html", recommendation=recommendation, form=form,
                               button=ButtonForm(formdata=None)), 422
    db.session.commit()
    flash(_("%(org)s may now post updates on this recommendation.", org=organisation.display_name), "success")
    return redirect(url_for("outcomes.rights", recommendation_id=recommendation.id))


@bp.post("/recommendations/<int:recommendation_id>/rights/<int:organisation_id>/revoke")
@login_required
def revoke_right(recommendation_id: int, organisation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_grant_rights(current_user))
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        services.revoke_update_right(recommendation, organisation_id, actor=current_user)
    except OutcomeRefused as refusal:
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(_("The right to post updates was withdrawn."), "success")
    return redirect(url_for("outcomes.rights", recommendation_id=recommendation.id))


@bp.post("/recommendations/<int:recommendation_id>/delete")
@login_required
def delete_recommendation(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_delete(current_user))
    if not ButtonForm().validate_on_submit():
        abort(400)
    slug = recommendation.round.slug
    services.delete_recommendation(recommendation, actor=current_user)
    db.session.commit()
    flash(_("The drafted recommendation was deleted."), "success")
    return redirect(url_for("outcomes.outcome", slug=slug))
