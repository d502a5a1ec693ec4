"""Languages. The interface is written with gettext from the start; catalogues live in
``consult/translations`` and a locale is offered only once its catalogue is compiled.

Which language a page is in, in this order:
1. a logged-in user's ``preferred_language`` (set by the language switcher),
2. the ``lang`` cookie the switcher leaves for visitors,
3. the browser's ``Accept-Language`` (a first visit),
4. English, the source language.
"""
from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, get_locale
from flask_login import current_user

KNOWN_LOCALES = ("en", "fr", "es")  # offered first, in this order; any other compiled one follows
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
SOURCE_LOCALE = "en"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def translation_directories(app: Flask) -> list[Path]:
    configured = app.config.get("BABEL_TRANSLATION_DIRECTORIES") or str(TRANSLATIONS_DIR)
    return [Path(d) for d in configured.split(";") if d]


def available_locales(directories: list[Path] | None = None) -> tuple[str, ...]:
    """English and every locale with a compiled catalogue (a ``messages.mo``)."""
    compiled: set[str] = set()
    for directory in directories or [TRANSLATIONS_DIR]:
        compiled |= {p.parts[-3] for p in directory.glob("*/LC_MESSAGES/messages.mo")}
    compiled.discard(SOURCE_LOCALE)
    known = [loc for loc in KNOWN_LOCALES if loc == SOURCE_LOCALE or loc in compiled]
    return tuple(known + sorted(compiled - set(KNOWN_LOCALES)))


def offered(code: str | None) -> str | None:
    """``code`` if it is a locale this site offers, else None (never trust a cookie)."""
    if code and code in current_app.config["LOCALES"]:
        return code
    return None


def select_locale() -> str:
    if not has_request_context():  # the command line, a background job
        return current_app.config.get("DEFAULT_LOCALE", SOURCE_LOCALE)
    g.locale_negotiated = True  # the response depends on the cookie and Accept-Language
    if current_user and current_user.is_authenticated:
        preferred = offered(getattr(current_user, "preferred_language", None))
        if preferred:
            return preferred
    chosen = offered(request.cookies.get(LANGUAGE_COOKIE))
    if chosen:
        return chosen
    return request.accept_languages.best_match(current_app.config["LOCALES"]) or SOURCE_LOCALE


def current_locale() -> str:
    """The locale code of this request (``en`` outside one)."""
    return str(get_locale() or SOURCE_LOCALE)


def language_autonym(code: str) -> str:
    """A language's name in itself (``Français``), as people look for it in a switcher."""
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]
    return _display_name(code, code)


def language_name(code: str) -> str:
    """A language's name in the reader's language (``Spanish``, ``Espagnol``, ``Español``):
    the language a submission is written in, a search facet."""
    return _display_name(code, current_locale())


def _display_name(code: str, in_locale: str) -> str:
    try:
        name = Locale.parse(code).get_display_name(in_locale) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def text_direction(locale: str) -> str:
    """``rtl`` for Arabic, Hebrew, Persian, Urdu...: taken from the locale's own data."""
    try:
        return Locale.parse(locale.replace("-", "_")).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"


def init_app(app: Flask) -> None:
    app.config["LOCALES"] = available_locales(translation_directories(app))
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS_DIR))

    @app.after_request
    def _vary_on_language(response):
        # The same URL comes in several languages: a shared cache must keep them apart.
        if g.get("locale_negotiated"):
            response.vary.update(("Accept-Language", "Cookie"))
        return response
