"""Countries as ISO 3166-1 alpha-2 codes, named in the reader's language (from Babel's CLDR
data, which ships with Flask-Babel)."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale
from flask_babel import get_locale

# CLDR territory codes that are not countries (continents' groupings, pseudo-regions).
_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}


def _territories(locale) -> dict[str, str]:
    try:
        return Locale.parse(str(locale or "en")).territories
    except (ValueError, TypeError):
        return Locale("en").territories


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)


def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) in the reader's language and alphabetical order."""
    return _sorted_countries(str(get_locale() or "en"))


@lru_cache(maxsize=16)
def _sorted_countries(locale: str) -> tuple[tuple[str, str], ...]:
    names = _territories(locale)
    return tuple(sorted(((code, names.get(code, code)) for code in country_codes()), key=lambda pair: reading_order(pair[1])))


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _territories(get_locale()).get(code, code)


def reading_order(name: str) -> str:
    """A sort key close to a reader's alphabetical order without a collation library:
    accents and case folded, so "Égypte" sorts beside "Estonie" and not after "Zambie"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
