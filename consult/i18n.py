"""Languages. The interface is written with gettext from the start; catalogues live in
``consult/translations`` and a locale is offered only once its catalogue is compiled."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, request
from flask_babel import Babel
from flask_login import current_user

KNOWN_LOCALES = ("en", "fr", "es")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
RTL_LOCALES = {"ar", "he", "fa", "ur"}
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def available_locales() -> tuple[str, ...]:
    compiled = {p.parts[-3] for p in TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.mo")}
    return tuple(loc for loc in KNOWN_LOCALES if loc == "en" or loc in compiled)


def select_locale() -> str:
    """The person's preferred language when logged in and offered; else the browser's."""
    user = current_user
    if getattr(user, "is_authenticated", False) and user.preferred_language in current_app.config["LOCALES"]:
        return user.preferred_language
    return request.accept_languages.best_match(current_app.config["LOCALES"]) or "en"


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RTL_LOCALES else "ltr"


def init_app(app: Flask) -> None:
    app.config["LOCALES"] = available_locales()
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS_DIR))
