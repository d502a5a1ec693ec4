"""Switching language: sets the ``lang`` cookie and, for a member, their preferred language."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from consult import db
from consult.auth import services as account_services
from consult.auth.views import safe_next
from consult.i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, current_locale, language_autonym
from consult.languages.forms import LanguageForm

bp = Blueprint("languages", __name__)


@bp.post("/language")
def switch():
    form = LanguageForm(locales=current_app.config["LOCALES"])
    back = safe_next(form.next.data)
    if not form.validate_on_submit():
        if form.csrf_failed:
            flash(_("Your session had expired, so the language was not changed. Please choose it again."), "error")
        else:
            flash(_("That language is not available."), "error")
        return redirect(back)
    locale = form.lang.data
    if current_user.is_authenticated:
        account_services.set_preferred_language(current_user, locale, actor=current_user)
        db.session.commit()
    response = redirect(back)
    response.set_cookie(
        LANGUAGE_COOKIE, locale, max_age=LANGUAGE_COOKIE_MAX_AGE, samesite="Lax", httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    with force_locale(locale):  # the confirmation is read on the next page, in the new language
        flash(_("Language: %(language)s.", language=language_autonym(locale)), "success")
    return response


def switcher() -> dict:
    """What the header's language switcher needs: the languages, the current one, the page
    to come back to, and the session's CSRF token (the same one every form uses)."""
    here = request.full_path.rstrip("?") if request else "/"
    return {
        "current": current_locale(),
        "languages": [(code, language_autonym(code)) for code in current_app.config["LOCALES"]],
        "next": here,
        "csrf_token": LanguageForm(formdata=None).csrf_token.current_token,
    }


@bp.app_context_processor
def _switcher_context():
    return {"language_switcher": switcher}
