"""Dates shown to people: in the round's time zone, with the offset, in the reader's language."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import format_datetime, format_timedelta
from flask_babel import gettext as _

from consult.db import utcnow


def in_zone(value: datetime, tz: str | ZoneInfo) -> datetime:
    return value.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)


def full_datetime(value: datetime, tz: str | ZoneInfo = "UTC") -> str:
    """``12 December 2026, 23:59 CET`` — the abbreviation tells the offset."""
    local = in_zone(value, tz)
    text = format_datetime(local, "d MMMM y, HH:mm", rebase=False)
    return f"{text} {local.tzname()}"


def deadline_words(closes_at: datetime, now: datetime | None = None) -> str:
    """``closes in 3 days`` / ``closed 2 hours ago``."""
    now = now or utcnow()
    delta = closes_at - now
    if delta.total_seconds() > 0:
        return _("closes in %(span)s", span=format_timedelta(delta, threshold=1.0))
    return _("closed %(span)s ago", span=format_timedelta(-delta, threshold=1.0))
