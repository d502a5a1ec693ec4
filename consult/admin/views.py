"""Admin pages: people (roles, deactivation) and organisations (verification)."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.admin import queries
from consult.admin.forms import ActiveForm, RolesForm
from consult.auth import services as account_services
from consult.auth.models import User
from consult.db import get_or_404
from consult.organisations import queries as organisation_queries
from consult.security import Role, role_required
from consult.web import commit_or_422

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page_number() -> int:
    return organisation_queries.page_number(request.args.get("page"))


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    return redirect(url_for("admin.users"))


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    text, role = request.args.get("q", "")[:200], request.args.get("role", "")
    page = queries.paginate(queries.users(text, role), _page_number())
    return render_template("admin/users.html", page=page, q=text, role=role, roles=list(Role))


def _user_page(user: User, status: int = 200, *, roles_form=None, active_form=None):
    roles_form = roles_form or RolesForm(roles=[r.value for r in user.roles if r != Role.MEMBER])
    return render_template("admin/user.html", user=user, roles_form=roles_form,
                           active_form=active_form or ActiveForm()), status


@bp.get("/users/<int:user_id>")
@role_required(Role.ADMIN)
def user(user_id: int):
    return _user_page(get_or_404(User, user_id))


@bp.post("/users/<int:user_id>/roles")
@role_required(Role.ADMIN)
def roles(user_id: int):
    person = get_or_404(User, user_id)
    form = RolesForm()
    page = partial(_user_page, person, roles_form=form)
    if not form.validate_on_submit():
        return page(422)
    commit_or_422(page, account_services.set_roles, person, {Role(r) for r in form.roles.data},
                  form=form, actor=current_user)
    flash(_("The roles of %(name)s are saved.", name=person.name), "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/active")
@role_required(Role.ADMIN)
def active(user_id: int):
    person = get_or_404(User, user_id)
    form = ActiveForm()
    page = partial(_user_page, person, active_form=form)
    if not form.validate_on_submit():
        return page(422)
    make_active = not person.is_active_account
    commit_or_422(page, account_services.set_active, person, make_active, form=form, actor=current_user,
                  reason=form.reason.data)
    flash(_("%(name)s can log in again.", name=person.name) if make_active
          else _("%(name)s is deactivated and logged out everywhere.", name=person.name), "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.get("/organisations")
@role_required(Role.ADMIN)
def organisations():
    text, status = request.args.get("q", "")[:200], request.args.get("status", "")
    verified = {"verified": True, "unverified": False}.get(status)
    page = organisation_queries.paginate(organisation_queries.search(text, verified=verified), _page_number())
    return render_template("admin/organisations.html", page=page, q=text, status=status)
