"""Organisations: find, create, join, leave, manage members, verify."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.db import get_or_404
from consult.organisations import queries, services
from consult.organisations.countries import country_name
from consult.organisations.forms import CreateOrganisationForm, MemberActionForm, OrganisationForm, VerificationForm
from consult.organisations.models import Membership, Organisation
from consult.security import require
from consult.web import ButtonForm, button_or_400, commit_or_422, commit_or_back, form_status

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _page_number() -> int:
    return queries.page_number(request.args.get("page"))


def _form_values(form) -> dict:
    return {name: form[name].data for name in services.FIELDS}


def _organisation(organisation_id: int, may) -> Organisation:
    """The organisation (404 if there is none) if ``may(organisation, person)`` (else 403)."""
    org = get_or_404(Organisation, organisation_id)
    require(may(org, current_user))
    return org


def _detail_url(org: Organisation) -> str:
    return url_for("organisations.detail", organisation_id=org.id)


def _confirm_email_first():
    """Creating or joining an organisation waits until the person's email address is
    confirmed: the answer that sends them to do it, or None when it is."""
    if current_user.is_confirmed:
        return None
    flash(_("Confirm your email address first: follow the link we sent you."), "error")
    return redirect(url_for("account.index"))


@bp.get("")
def index():
    text = request.args.get("q", "")[:200]
    page = queries.paginate(queries.search(text), _page_number())
    return render_template("organisations/index.html", page=page, q=text)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if (unconfirmed := _confirm_email_first()) is not None:
        return unconfirmed
    form = CreateOrganisationForm(name=request.args.get("name", "")[:200])
    page = partial(_new_page, form)
    if not form.validate_on_submit():
        return page(form_status())
    org = commit_or_422(page, services.create, _form_values(form), form=form, actor=current_user,
                        allow_similar=bool(form.not_a_duplicate.data))
    flash(_("%(name)s is created and you are its owner. A convener will verify it.", name=org.name), "success")
    return redirect(_detail_url(org))


def _new_page(form: CreateOrganisationForm, status: int):
    """The form, with the organisations whose names look like the one typed (perhaps the
    person's own, to join instead)."""
    duplicates = queries.likely_duplicates(form.name.data or "", form.acronym.data)
    return render_template("organisations/new.html", form=form, duplicates=duplicates), status


def _detail(org: Organisation, verification_form=None, status: int = 200):
    return render_template(
        "organisations/detail.html", org=org, button_form=ButtonForm(),
        verification_form=verification_form or VerificationForm(verified="no" if org.is_verified else "yes"),
    ), status


@bp.get("/<int:organisation_id>")
def detail(organisation_id: int):
    org = get_or_404(Organisation, organisation_id)
    if not org.can_see_page(current_user):
        abort(404)  # a person's own profile: as if there were none
    return _detail(org)


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    org = _organisation(organisation_id, Organisation.can_edit_details)
    form = OrganisationForm(obj=org, stakeholder_group=org.stakeholder_group.value)
    page = partial(_edit_page, org, form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.update, org, _form_values(form), form=form, actor=current_user)
    flash(_("The organisation's details are saved."), "success")
    return redirect(_detail_url(org))


def _edit_page(org: Organisation, form: OrganisationForm, status: int):
    return render_template("organisations/edit.html", org=org, form=form), status


@bp.post("/<int:organisation_id>/join")
@login_required
def join(organisation_id: int):
    org = _organisation(organisation_id, Organisation.can_ask_to_join)
    button_or_400()
    if (unconfirmed := _confirm_email_first()) is not None:
        return unconfirmed
    commit_or_back(services.ask_to_join, org, actor=current_user, back=_detail_url(org))
    flash(_("Your request is sent to the owners of %(name)s.", name=org.name), "success")
    return redirect(_detail_url(org))


@bp.post("/<int:organisation_id>/leave")
@login_required
def leave(organisation_id: int):
    org = _organisation(organisation_id, Organisation.can_leave)
    button_or_400()
    commit_or_back(services.remove_member, org.membership_of(current_user), actor=current_user, back=_detail_url(org))
    flash(_("You left %(name)s.", name=org.name), "success")
    return redirect(url_for("account.index"))


@bp.post("/<int:organisation_id>/members/<int:membership_id>")
@login_required
def member(organisation_id: int, membership_id: int):
    org = get_or_404(Organisation, organisation_id)
    membership = get_or_404(Membership, membership_id)
    if membership.organisation_id != org.id:
        abort(404)
    require(org.can_manage(current_user))
    form = MemberActionForm()
    if not form.validate_on_submit() or form.action.data not in services.MEMBER_ACTIONS:
        abort(400)  # the buttons send one of the actions, with a valid token
    commit_or_back(services.change_member, membership, form.action.data, actor=current_user, back=_detail_url(org))
    flash(_("The members are updated."), "success")
    return redirect(_detail_url(org))


@bp.post("/<int:organisation_id>/verification")
@login_required
def verify(organisation_id: int):
    org = _organisation(organisation_id, Organisation.can_verify)
    form = VerificationForm()
    page = partial(_detail, org, form)
    if not form.validate_on_submit():
        return page(422)
    commit_or_422(page, services.set_verification, org, form.verified.data == "yes", form.note.data, form=form,
                  actor=current_user)
    flash(_("%(name)s is now verified.", name=org.name) if org.is_verified
          else _("%(name)s is no longer marked as verified.", name=org.name), "success")
    return redirect(_detail_url(org))


@bp.app_template_global("country_name")
def _country_name(code: str | None) -> str:
    return country_name(code)
