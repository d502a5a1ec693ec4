"""Logging in and out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult import db
from consult.auth import services
from consult.auth.forms import LoginForm, LogoutForm
from consult.i18n import current_locale

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only paths on this site: ``next=https://elsewhere.example`` goes home instead."""
    if not target:
        return url_for("public.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("public.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
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
