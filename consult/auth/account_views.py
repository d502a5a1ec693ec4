"""A person's own account: profile, password, email address, their data, deletion, and
the privacy page that says what is kept."""
from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult import db
from consult.auth import personal_data, services, tokens
from consult.auth.forms import ChangeEmailForm, ChangePasswordForm, ConfirmForm, DeleteAccountForm, ProfileForm

bp = Blueprint("account", __name__)


def _status() -> int:
    return 422 if request.method == "POST" else 200


@bp.get("/account")
@login_required
def index():
    return render_template("account/index.html", user=current_user, resend_form=ConfirmForm())


@bp.post("/account/confirmation")
@login_required
def resend_confirmation():
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("Your session expired. Please try again."), "error")
        return redirect(url_for("account.index"))
    if not current_user.is_confirmed:
        services.send_confirmation(current_user)
        db.session.commit()
    flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("account.index"))


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if not form.validate_on_submit():
        return render_template("account/profile.html", form=form), _status()
    services.update_profile(current_user, name=form.name.data, language=form.preferred_language.data, actor=current_user)
    db.session.commit()
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("account.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and not services.check_password(current_user, form.current_password.data):
        form.current_password.errors.append(_("This is not your current password."))
    if request.method == "GET" or form.errors:
        return render_template("account/password.html", form=form), _status()
    services.set_password(current_user, form.password.data, actor=current_user)
    db.session.commit()
    login_user(current_user)  # this browser stays logged in with the new session version
    flash(_("Your password is changed. Every other session has been logged out."), "success")
    return redirect(url_for("account.index"))


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit() and not services.check_password(current_user, form.current_password.data):
        form.current_password.errors.append(_("This is not your current password."))
    if request.method == "GET" or form.errors:
        return render_template("account/email.html", form=form), _status()
    services.request_email_change(current_user, form.email.data)
    db.session.commit()
    flash(_("We sent a link to %(email)s. Your address changes when you follow it.", email=form.email.data), "success")
    return redirect(url_for("account.index"))


@bp.get("/account/email/<token>")
def confirm_email_change(token: str):
    found = tokens.email_change_for_token(token)
    if found is None:
        return render_template("auth/link_invalid.html", kind="email"), 400
    user, new_email = found
    try:
        services.change_email(user, new_email)
    except services.AccountError:
        db.session.rollback()
        return render_template("auth/link_invalid.html", kind="email"), 400
    db.session.commit()
    flash(_("Your email address is now %(email)s.", email=new_email), "success")
    return redirect(url_for("account.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.get("/account/data.json")
@login_required
def download_data():
    body = json.dumps(personal_data.export(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="my-consult-data.json"'})


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit() and not services.check_password(current_user, form.current_password.data):
        form.current_password.errors.append(_("This is not your password."))
    if request.method == "GET" or form.errors:
        return render_template("account/delete.html", form=form), _status()
    personal_data.erase(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("Your account and your personal data are deleted. What you submitted stays with your organisation."), "success")
    return redirect(url_for("public.home"))


@bp.get("/privacy")
def privacy():
    return render_template("account/privacy.html")
