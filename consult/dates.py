"""Dates shown to people: in the round's time zone, with the offset, in the reader's language."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_date_format, get_datetime_format
from flask_babel import format_datetime, format_timedelta, get_locale
from flask_babel import gettext as _

from consult.db import utcnow


def in_zone(value: datetime, tz: str | ZoneInfo) -> datetime:
    return value.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)


# English is written the international way (12 December 2026), not the US one Babel's
# "en" uses; every other locale takes its own long date from Babel's locale data.
DATE_PATTERNS = {"en": "d MMMM y"}


def full_datetime_pattern(locale: Locale) -> str:
    """The locale's long date and a 24-hour time, joined the locale's way:
    ``d MMMM y, HH:mm`` (fr), ``d 'de' MMMM 'de' y, HH:mm`` (es), ``d MMMM y، HH:mm`` (ar)."""
    date_pattern = DATE_PATTERNS.get(locale.language) or get_date_format("long", locale=locale).pattern
    return get_datetime_format("long", locale=locale).replace("{1}", date_pattern).replace("{0}", "HH:mm")


def full_datetime(value: datetime, tz: str | ZoneInfo = "UTC") -> str:
    """``12 December 2026, 23:59 CET`` / ``12 décembre 2026, 23:59 CET`` /
    ``12 de diciembre de 2026, 23:59 CET`` — the abbreviation tells the offset."""
    local = in_zone(value, tz)
    text = format_datetime(local, full_datetime_pattern(get_locale() or Locale("en")), rebase=False)
    return f"{text} {local.tzname()}"


def deadline_words(closes_at: datetime, now: datetime | None = None) -> str:
    """``closes in 3 days`` / ``closed 2 hours ago``."""
    now = now or utcnow()
    delta = closes_at - now
    if delta.total_seconds() > 0:
        return _("closes in %(span)s", span=format_timedelta(delta, threshold=1.0))
    return _("closed %(span)s ago", span=format_timedelta(-delta, threshold=1.0))
