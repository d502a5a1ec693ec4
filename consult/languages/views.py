"""Switching language: sets the ``lang`` cookie and, for a member, their preferred language."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from consult.auth import services as account_services
from consult.links import safe_next
from consult.i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, current_locale, language_autonym
from consult.web import commit_or_back

bp = Blueprint("languages", __name__)


@bp.get("/language/<locale>")
def switch(locale: str):
    """A plain link per language: no form, so public pages carry no per-visitor token and can
    be served from the page cache; choosing a display language is harmless to forge."""
    back = safe_next(request.args.get("next"))
    if locale not in current_app.config["LOCALES"]:
        flash(_("That language is not available."), "error")
        return redirect(back)
    if current_user.is_authenticated:
        commit_or_back(account_services.set_preferred_language, current_user, locale, actor=current_user, back=back)
    response = redirect(back)
    response.set_cookie(
        LANGUAGE_COOKIE, locale, max_age=LANGUAGE_COOKIE_MAX_AGE, samesite="Lax", httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    with force_locale(locale):  # the confirmation is read on the next page, in the new language
        flash(_("Language: %(language)s.", language=language_autonym(locale)), "success")
    return response


def switcher() -> dict:
    """What the header's language switcher needs: the languages, the current one, and the
    page to come back to."""
    return {
        "current": current_locale(),
        "languages": [(code, language_autonym(code)) for code in current_app.config["LOCALES"]],
        "next": request.full_path.rstrip("?") if request else "/",
    }


@bp.app_context_processor
def _switcher_context():
    return {"language_switcher": switcher}
