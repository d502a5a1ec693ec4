"""Local times entered by conveners, turned into UTC without guessing around DST changes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _

from consult.web import Refused

UTC = timezone.utc
MIN_YEAR, MAX_YEAR = 2000, 2100


class LocalTimeRefused(Refused, ValueError):
    """The local time does not exist, or exists twice, in that zone (or is in a year nobody
    means): the message tells the convener which, for the date field they typed it in."""


@cache
def zone_names() -> list[str]:
    # "posixrules", "Factory" and the like are not places a convener would pick.
    return sorted(z for z in available_timezones() if "/" in z or z == "UTC")


def to_utc(local: datetime, zone_name: str) -> datetime:
    """``local`` (naive, wall-clock time in ``zone_name``) as an aware UTC datetime.

    A wall-clock time skipped when clocks go forward, or repeated when they go back, is
    refused rather than silently moved: a deadline must mean one instant."""
    if not MIN_YEAR <= local.year <= MAX_YEAR:
        # Far-off years overflow when shifted to UTC, and are typing mistakes anyway.
        raise LocalTimeRefused(_("Please enter a date between the years %(first)d and %(last)d.",
                               first=MIN_YEAR, last=MAX_YEAR))
    zone = ZoneInfo(zone_name)
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # zoneinfo gives the two readings different offsets both for a gap and an overlap;
        # a time in a gap does not survive the round trip through UTC.
        round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != local:
            raise LocalTimeRefused(
                _("%(time)s does not exist in %(zone)s: the clocks skip that hour. Please choose another time.",
                  time=local.strftime("%Y-%m-%d %H:%M"), zone=zone_name)
            )
        raise LocalTimeRefused(
            _("%(time)s happens twice in %(zone)s because the clocks go back. Please choose a time outside that hour.",
              time=local.strftime("%Y-%m-%d %H:%M"), zone=zone_name)
        )
    return first.astimezone(UTC)


def to_local(value: datetime, zone_name: str) -> datetime:
    """The naive wall-clock time a form shows for a stored UTC instant."""
    return value.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)


def offset_label(value: datetime, zone_name: str) -> str:
    """``UTC+01:00`` — the offset in force at that instant in that zone."""
    offset = value.astimezone(ZoneInfo(zone_name)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"
