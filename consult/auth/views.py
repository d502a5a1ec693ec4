"""Logging in and out, registering, confirming an address, resetting a password."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult import db
from consult.auth import services, throttle, tokens
from consult.auth.forms import EmailOnlyForm, LoginForm, LogoutForm, RegisterForm, ResetPasswordForm
from consult.i18n import current_locale
from consult.limits import limiter

bp = Blueprint("auth", __name__)

INBOX_MESSAGES = ("registered", "reset")


def safe_next(target: str | None) -> str:
    """Only paths on this site: ``next=https://elsewhere.example`` goes home instead."""
    if not target:
        return url_for("public.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("public.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(throttle.LOGIN_PER_IP, methods=["POST"])
@limiter.limit(throttle.LOGIN_PER_ACCOUNT, methods=["POST"], key_func=throttle.account_key,
               deduct_when=throttle.failed, scope="login-account")
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if request.method == "POST" else 200
    user = services.authenticate(form.email.data, form.password.data, locale=current_locale())
    if user is None:
        db.session.commit()
        form.password.errors.append(_("The email address or password is not right."))
        return render_template("auth/login.html", form=form), 422
    db.session.commit()
    login_user(user, remember=form.remember.data)
    flash(_("You are logged in."), "success")
    return redirect(safe_next(form.next.data))


@bp.post("/logout")
@login_required
def logout():
    form = LogoutForm()
    if not form.validate_on_submit():
        return redirect(url_for("public.home"))
    services.end_all_sessions(current_user, actor=current_user)
    db.session.commit()
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(throttle.REGISTER_PER_IP, methods=["POST"], deduct_when=throttle.accepted,
               exempt_when=throttle.logged_in)
@limiter.limit(throttle.REGISTER_PER_ACCOUNT, methods=["POST"], key_func=throttle.account_key,
               deduct_when=throttle.accepted, exempt_when=throttle.logged_in, scope="register-account")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form), 422 if request.method == "POST" else 200
    services.register(form.email.data, form.name.data, form.password.data,
                      language=request.accept_languages.best_match(["en", "fr", "es"]) or "en")
    db.session.commit()
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
    newly = services.confirm_email(user)
    db.session.commit()
    flash(_("Your email address is confirmed.") if newly else _("Your email address was already confirmed."), "success")
    return redirect(url_for("account.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(throttle.RESET_PER_IP, methods=["POST"], deduct_when=throttle.accepted)
@limiter.limit(throttle.RESET_PER_ACCOUNT, methods=["POST"], key_func=throttle.account_key,
               deduct_when=throttle.accepted, scope="reset-account")
def reset_request():
    form = EmailOnlyForm()
    if not form.validate_on_submit():
        return render_template("auth/reset_request.html", form=form), 422 if request.method == "POST" else 200
    services.request_password_reset(form.email.data)
    db.session.commit()
    return redirect(url_for("auth.check_inbox", reason="reset"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = tokens.user_for_reset_token(token)
    if user is None:
        return render_template("auth/link_invalid.html", kind="reset"), 400
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/reset.html", form=form, token=token), 422 if request.method == "POST" else 200
    services.reset_password(user, form.password.data)
    db.session.commit()
    logout_user()
    flash(_("Your password is changed and every session was ended. Log in with the new password."), "success")
    return redirect(url_for("auth.login"))
