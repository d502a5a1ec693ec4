"""Open and closed are computed from the dates, in UTC, whatever the round's time zone."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from consult.dates import full_datetime
from consult.rounds.models import Round, RoundPhase, RoundStatus

UTC = timezone.utc


def make_round(opens_at, closes_at, tz="UTC", status=RoundStatus.PUBLISHED):
    return Round(slug="r", title="r", opens_at=opens_at, closes_at=closes_at, timezone=tz, status=status)


def test_open_until_the_last_second_and_closed_from_the_deadline():
    closes = datetime(2026, 12, 12, 22, 59, tzinfo=UTC)
    round_ = make_round(closes - timedelta(days=10), closes)
    assert round_.phase(closes - timedelta(seconds=1)) == RoundPhase.OPEN
    assert round_.phase(closes) == RoundPhase.CLOSED
    assert round_.phase(closes + timedelta(seconds=1)) == RoundPhase.CLOSED


def test_scheduled_before_opening():
    opens = datetime(2026, 12, 1, tzinfo=UTC)
    round_ = make_round(opens, opens + timedelta(days=5))
    assert round_.phase(opens - timedelta(seconds=1)) == RoundPhase.SCHEDULED
    assert round_.phase(opens) == RoundPhase.OPEN


def test_draft_concluded_and_archived_are_set_not_computed():
    now = datetime(2026, 12, 1, tzinfo=UTC)
    for status in (RoundStatus.DRAFT, RoundStatus.CONCLUDED, RoundStatus.ARCHIVED):
        round_ = make_round(now - timedelta(days=1), now + timedelta(days=1), status=status)
        assert round_.phase(now).value == status.value


def test_deadline_across_a_daylight_saving_change(app):
    # Paris leaves summer time on 25 October 2026: a deadline of 23:59 local time on
    # 30 October is 22:59 UTC, not 21:59.
    paris = ZoneInfo("Europe/Paris")
    closes = datetime(2026, 10, 30, 23, 59, tzinfo=paris).astimezone(UTC)
    assert closes.hour == 22
    round_ = make_round(datetime(2026, 10, 1, tzinfo=UTC), closes, tz="Europe/Paris")
    assert round_.phase(datetime(2026, 10, 30, 22, 58, 59, tzinfo=UTC)) == RoundPhase.OPEN
    assert round_.phase(datetime(2026, 10, 30, 22, 59, tzinfo=UTC)) == RoundPhase.CLOSED
    with app.test_request_context():
        assert full_datetime(closes, "Europe/Paris") == "30 October 2026, 23:59 CET"
        assert full_datetime(datetime(2026, 10, 20, 21, 59, tzinfo=UTC), "Europe/Paris") == "20 October 2026, 23:59 CEST"
        assert full_datetime(closes, "Asia/Manila") == "31 October 2026, 06:59 PST"
