"""Co-signing pages: the lead invites and withdraws; the invited organisation's members
read the input, then confirm or decline."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.cosigning import queries, services
from consult.cosigning.forms import InviteForm
from consult.cosigning.models import Cosignature, can_manage_cosigners
from consult.db import get_or_404
from consult.errors import render_error
from consult.organisations.models import Organisation
from consult.security import require
from consult.submissions import queries as submission_queries
from consult.submissions.models import Submission
from consult.submissions.public_text import public_document
from consult.web import ButtonForm, button_or_400, commit_or_422, commit_or_back, form_status

bp = Blueprint("cosigning", __name__)


@bp.app_context_processor
def _navigation():
    return {"pending_cosigning_count": queries.pending_count,
            "can_manage_cosigners": lambda submission: can_manage_cosigners(submission, current_user)}


def _managed_submission(reference: str) -> Submission:
    submission = submission_queries.get_by_reference(reference)
    if submission is None:
        abort(404)
    require(can_manage_cosigners(submission, current_user))
    return submission


def _not_a_member(organisation: Organisation):
    """The refusal says why, so that someone in several organisations knows which to switch to."""
    message = _("You are not a member of %(org)s: only its members answer its invitations to co-sign.",
                org=organisation.display_name)
    abort(make_response(render_error(403, message=message)))


def _answerable(cosignature_id: int) -> Cosignature:
    cosignature = get_or_404(Cosignature, cosignature_id)
    if not cosignature.can_answer(current_user):
        _not_a_member(cosignature.organisation)
    return cosignature


def _manage_url(submission: Submission) -> str:
    return url_for("cosigning.manage", reference=submission.reference)


@bp.route("/my/submissions/<reference>/cosigners", methods=["GET", "POST"])
@login_required
def manage(reference: str):
    submission = _managed_submission(reference)
    form = InviteForm(data={"query": request.args.get("q", "")[:200]} if request.method == "GET" else None)
    form.offer(queries.candidates(submission, form.query.data or "", chosen_id=form.organisation.data))
    page = partial(_manage_page, submission, form)
    if not form.validate_on_submit():
        return page(form_status())
    cosignature = commit_or_422(page, services.invite, submission, form.organisation.data, form.message.data,
                                form=form, actor=current_user)
    flash(_("%(org)s is invited to co-sign; its members were sent an email.",
            org=cosignature.organisation.display_name), "success")
    return redirect(_manage_url(submission), code=303)


def _manage_page(submission: Submission, form: InviteForm, status: int):
    return render_template("cosigning/manage.html", submission=submission, form=form,
                           cosignatures=queries.of_submission(submission), button_form=ButtonForm(formdata=None),
                           query=form.query.data or ""), status


@bp.post("/my/submissions/<reference>/cosigners/<int:cosignature_id>/withdraw")
@login_required
def withdraw(reference: str, cosignature_id: int):
    submission = _managed_submission(reference)
    cosignature = get_or_404(Cosignature, cosignature_id)
    if cosignature.submission_id != submission.id:
        abort(404)
    button_or_400()
    commit_or_back(services.withdraw, cosignature, actor=current_user, back=_manage_url(submission))
    flash(_("The invitation to %(org)s is withdrawn.", org=cosignature.organisation.display_name), "success")
    return redirect(_manage_url(submission), code=303)


@bp.get("/organisations/<int:organisation_id>/cosigning")
@login_required
def invitations(organisation_id: int):
    organisation = get_or_404(Organisation, organisation_id)
    if not organisation.is_member(current_user):
        _not_a_member(organisation)
    return render_template("cosigning/invitations.html", organisation=organisation,
                           pending=queries.pending_for(organisation), answered=queries.answered_by(organisation),
                           button_form=ButtonForm(formdata=None))


@bp.get("/cosigning/<int:cosignature_id>")
@login_required
def invitation(cosignature_id: int):
    """What the organisation is asked to sign, in full (it may not be public yet)."""
    cosignature = _answerable(cosignature_id)
    submission = cosignature.submission
    return render_template("cosigning/invitation.html", cosignature=cosignature, submission=submission,
                           document=public_document(submission),
                           questions={q.id: q for q in submission.round.questions},
                           button_form=ButtonForm(formdata=None))


@bp.post("/cosigning/<int:cosignature_id>/confirm")
@login_required
def confirm(cosignature_id: int):
    cosignature = _answerable(cosignature_id)
    button_or_400()
    back = url_for("cosigning.invitation", cosignature_id=cosignature.id)
    commit_or_back(services.confirm, cosignature, actor=current_user, back=back)
    flash(_("%(org)s now co-signs %(reference)s.", org=cosignature.organisation.display_name,
            reference=cosignature.submission.reference), "success")
    return redirect(url_for("cosigning.invitations", organisation_id=cosignature.organisation_id), code=303)


@bp.post("/cosigning/<int:cosignature_id>/decline")
@login_required
def decline(cosignature_id: int):
    cosignature = _answerable(cosignature_id)
    button_or_400()
    back = url_for("cosigning.invitation", cosignature_id=cosignature.id)
    commit_or_back(services.decline, cosignature, actor=current_user, back=back)
    flash(_("You declined to co-sign %(reference)s.", reference=cosignature.submission.reference), "success")
    return redirect(url_for("cosigning.invitations", organisation_id=cosignature.organisation_id), code=303)
