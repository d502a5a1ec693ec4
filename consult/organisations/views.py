"""Organisations: find, create, join, leave, manage members, verify."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import db
from consult.db import get_or_404
from consult.organisations import queries, services
from consult.organisations.countries import country_name
from consult.organisations.forms import (
    ButtonForm, CreateOrganisationForm, MemberActionForm, OrganisationForm, VerificationForm,
)
from consult.organisations.models import Membership, MembershipRole, Organisation
from consult.security import require

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

MEMBER_ACTIONS = ("accept", "decline", "make_owner", "make_member", "remove")


def _page_number() -> int:
    return queries.page_number(request.args.get("page"))


def _form_values(form) -> dict:
    return {name: form[name].data for name in services.FIELDS}


def _require_button(form) -> None:
    """Buttons carry nothing but a CSRF token: without a valid one, a clear 400 page."""
    if not form.validate_on_submit():
        abort(400)


@bp.get("")
def index():
    text = request.args.get("q", "")[:200]
    page = queries.paginate(queries.search(text), _page_number())
    return render_template("organisations/index.html", page=page, q=text)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not current_user.is_confirmed:
        flash(_("Confirm your email address first: follow the link we sent you."), "error")
        return redirect(url_for("account.index"))
    form = CreateOrganisationForm(name=request.args.get("name", "")[:200])
    duplicates = queries.likely_duplicates(form.name.data or "", form.acronym.data)
    valid = form.validate_on_submit()
    if valid and duplicates and not form.not_a_duplicate.data:
        form.not_a_duplicate.errors.append(_("Organisations with similar names exist. Ask to join yours, or tick this box to create a new one."))
        valid = False
    if not valid:
        return render_template("organisations/new.html", form=form, duplicates=duplicates), 422 if request.method == "POST" else 200
    org = services.create(_form_values(form), actor=current_user)
    db.session.commit()
    flash(_("%(name)s is created and you are its owner. A convener will verify it.", name=org.name), "success")
    return redirect(url_for("organisations.detail", organisation_id=org.id))


def _detail(org: Organisation, verification_form=None, status: int = 200):
    return render_template(
        "organisations/detail.html", org=org, button_form=ButtonForm(),
        verification_form=verification_form or VerificationForm(verified="no" if org.is_verified else "yes"),
    ), status


@bp.get("/<int:organisation_id>")
def detail(organisation_id: int):
    return _detail(get_or_404(Organisation, organisation_id))


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    org = get_or_404(Organisation, organisation_id)
    require(org.can_manage(current_user))
    form = OrganisationForm(obj=org, stakeholder_group=org.stakeholder_group.value)
    if not form.validate_on_submit():
        return render_template("organisations/edit.html", org=org, form=form), 422 if request.method == "POST" else 200
    services.update(org, _form_values(form), actor=current_user)
    db.session.commit()
    flash(_("The organisation's details are saved."), "success")
    return redirect(url_for("organisations.detail", organisation_id=org.id))


@bp.post("/<int:organisation_id>/join")
@login_required
def join(organisation_id: int):
    org = get_or_404(Organisation, organisation_id)
    require(org.can_ask_to_join(current_user))
    _require_button(ButtonForm())
    if not current_user.is_confirmed:
        flash(_("Confirm your email address first: follow the link we sent you."), "error")
        return redirect(url_for("account.index"))
    services.ask_to_join(org, actor=current_user)
    db.session.commit()
    flash(_("Your request is sent to the owners of %(name)s.", name=org.name), "success")
    return redirect(url_for("organisations.detail", organisation_id=org.id))


@bp.post("/<int:organisation_id>/leave")
@login_required
def leave(organisation_id: int):
    org = get_or_404(Organisation, organisation_id)
    require(org.can_leave(current_user))
    _require_button(ButtonForm())
    services.remove_member(org.membership_of(current_user), actor=current_user)
    db.session.commit()
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
    _require_button(form)
    action = form.action.data
    if action not in MEMBER_ACTIONS:
        abort(400)
    try:
        if action in ("accept", "decline"):
            services.decide_request(membership, action == "accept", actor=current_user)
        elif action == "remove":
            services.remove_member(membership, actor=current_user)
        else:
            role = MembershipRole.OWNER if action == "make_owner" else MembershipRole.MEMBER
            services.set_member_role(membership, role, actor=current_user)
    except services.MembershipError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("organisations.detail", organisation_id=org.id))
    db.session.commit()
    flash(_("The members are updated."), "success")
    return redirect(url_for("organisations.detail", organisation_id=org.id))


@bp.post("/<int:organisation_id>/verification")
@login_required
def verify(organisation_id: int):
    org = get_or_404(Organisation, organisation_id)
    require(org.can_verify(current_user))
    form = VerificationForm()
    if not form.validate_on_submit():
        return _detail(org, verification_form=form, status=422)
    services.set_verification(org, form.verified.data == "yes", form.note.data, actor=current_user)
    db.session.commit()
    flash(_("%(name)s is now verified.", name=org.name) if org.is_verified
          else _("%(name)s is no longer marked as verified.", name=org.name), "success")
    return redirect(url_for("organisations.detail", organisation_id=org.id))


@bp.app_template_global("country_name")
def _country_name(code: str | None) -> str:
    return country_name(code)
