"""Logging in and out, registering, confirming an address, resetting a password."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.auth import services, throttle, tokens
from consult.auth.forms import EmailOnlyForm, LoginForm, RegisterForm, ResetPasswordForm
from consult.i18n import current_locale
from consult.limits import limiter
from consult.links import safe_next
from consult.web import ButtonForm, commit_or_422, commit_or_back, form_status


bp = Blueprint("auth", __name__)

INBOX_MESSAGES = ("registered", "reset")


def _page(template: str, status: int, **context):
    return render_template(template, **context), status


def _after_confirming():
    return redirect(url_for("account.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(throttle.LOGIN_PER_IP, methods=["POST"])
@limiter.limit(throttle.LOGIN_PER_ACCOUNT, methods=["POST"], key_func=throttle.account_key,
               deduct_when=throttle.failed, scope="login-account")
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data))
    page = partial(_page, "auth/login.html", form=form)
    if not form.validate_on_submit():
        return page(form_status())
    user = commit_or_422(page, services.log_in, form.email.data, form.password.data, form=form,
                         locale=current_locale())
    login_user(user, remember=form.remember.data)
    flash(_("You are logged in."), "success")
    return redirect(safe_next(form.next.data))


@bp.post("/logout")
@login_required
def logout():
    home = url_for("public.home")
    if not ButtonForm().validate_on_submit():  # a stale form logs nobody out, and shows no error
        return redirect(home)
    commit_or_back(services.end_all_sessions, current_user, actor=current_user, back=home)
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(home)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(throttle.REGISTER_PER_IP, methods=["POST"], deduct_when=throttle.accepted,
               exempt_when=throttle.logged_in)
@limiter.limit(throttle.REGISTER_PER_ACCOUNT, methods=["POST"], key_func=throttle.account_key,
               deduct_when=throttle.accepted, exempt_when=throttle.logged_in, scope="register-account")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    form = RegisterForm()
    page = partial(_page, "auth/register.html", form=form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.register, form.email.data, form.name.data, form.password.data, form=form,
                  language=request.accept_languages.best_match(["en", "fr", "es"]) or "en")
    return redirect(url_for("auth.check_inbox", reason="registered"))


@bp.get("/check-inbox/<reason>")
def check_inbox(reason: str):
    if reason not in INBOX_MESSAGES:
        abort(404)
    return render_template("auth/check_inbox.html", reason=reason)


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    user = tokens.user_for_confirm_token(token)
    if user is None:
        return render_template("auth/link_invalid.html", kind="confirm"), 400
    newly = commit_or_back(services.confirm_email, user, back=url_for("auth.login"))
    flash(_("Your email address is confirmed.") if newly else _("Your email address was already confirmed."), "success")
    return _after_confirming()


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(throttle.RESET_PER_IP, methods=["POST"], deduct_when=throttle.accepted)
@limiter.limit(throttle.RESET_PER_ACCOUNT, methods=["POST"], key_func=throttle.account_key,
               deduct_when=throttle.accepted, scope="reset-account")
def reset_request():
    form = EmailOnlyForm()
    page = partial(_page, "auth/reset_request.html", form=form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.request_password_reset, form.email.data, form=form)
    return redirect(url_for("auth.check_inbox", reason="reset"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = tokens.user_for_reset_token(token)
    if user is None:
        return render_template("auth/link_invalid.html", kind="reset"), 400
    form = ResetPasswordForm()
    page = partial(_page, "auth/reset.html", form=form, token=token)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.reset_password, user, form.password.data, form=form)
    logout_user()
    flash(_("Your password is changed and every session was ended. Log in with the new password."), "success")
    return redirect(url_for("auth.login"))
