"""A person's own account: profile, password, email address, their data, deletion, and
the privacy page that says what is kept."""
from __future__ import annotations

import json
from functools import partial

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.account import queries, services
from consult.account.forms import ChangeEmailForm, ChangePasswordForm, DeleteAccountForm, ProfileForm
from consult.auth import tokens
from consult.web import ButtonForm, commit_or_422, commit_or_back, form_status

bp = Blueprint("account", __name__)


def _page(template: str, status: int, **context):
    return render_template(template, **context), status


def _invalid_link(_status: int = 400):
    """A link that cannot be used (any more) gets the invalid-link page and a 400, whatever
    the reason: a refused change answers like a stale token."""
    return render_template("auth/link_invalid.html", kind="email"), 400


def _done(message: str):
    flash(message, "success")
    return redirect(url_for("account.index"))


@bp.get("/account")
@login_required
def index():
    return render_template("account/index.html", user=current_user, resend_form=ButtonForm())


@bp.post("/account/confirmation")
@login_required
def resend_confirmation():
    if not ButtonForm().validate_on_submit():  # a stale page: say so on the account page, not a 400
        flash(_("Your session expired. Please try again."), "error")
        return redirect(url_for("account.index"))
    commit_or_back(services.resend_confirmation, current_user, back=url_for("account.index"))
    return _done(_("We sent a new confirmation link to %(email)s.", email=current_user.email))


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    page = partial(_page, "account/profile.html", form=form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.update_profile, current_user, form=form,
                  name=form.name.data, language=form.preferred_language.data, actor=current_user)
    return _done(_("Your profile is saved."))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    page = partial(_page, "account/password.html", form=form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.change_password, current_user, form=form,
                  current_password=form.current_password.data, password=form.password.data, actor=current_user)
    login_user(current_user)  # this browser stays logged in with the new session version
    return _done(_("Your password is changed. Every other session has been logged out."))


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    page = partial(_page, "account/email.html", form=form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.request_email_change, current_user, form=form,
                  current_password=form.current_password.data, new_email=form.email.data)
    return _done(_("We sent a link to %(email)s. Your address changes when you follow it.", email=form.email.data))


@bp.get("/account/email/<token>")
def confirm_email_change(token: str):
    found = tokens.email_change_for_token(token)
    if found is None:
        return _invalid_link()
    user, new_email = found
    commit_or_422(_invalid_link, services.change_email, user, new_email)
    flash(_("Your email address is now %(email)s.", email=new_email), "success")
    return redirect(url_for("account.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.get("/account/data.json")
@login_required
def download_data():
    body = json.dumps(queries.export(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="my-consult-data.json"'})


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    page = partial(_page, "account/delete.html", form=form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.delete_account, current_user._get_current_object(), form=form,
                  current_password=form.current_password.data)
    logout_user()
    flash(_("Your account and your personal data are deleted. What you submitted stays with your organisation."), "success")
    return redirect(url_for("public.home"))


@bp.get("/privacy")
def privacy():
    return render_template("account/privacy.html")
