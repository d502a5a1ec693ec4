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


# --- local times typed by conveners ------------------------------------------------------
import pytest  # noqa: E402

from consult.rounds import services  # noqa: E402
from consult.rounds.timezones import LocalTimeRefused, offset_label, to_utc  # noqa: E402


def test_local_times_become_utc_in_each_zone():
    local = datetime(2026, 12, 12, 23, 59)
    assert to_utc(local, "Europe/Paris") == datetime(2026, 12, 12, 22, 59, tzinfo=UTC)
    assert to_utc(local, "Asia/Manila") == datetime(2026, 12, 12, 15, 59, tzinfo=UTC)
    assert to_utc(local, "America/Mexico_City") == datetime(2026, 12, 13, 5, 59, tzinfo=UTC)
    assert to_utc(local, "UTC") == datetime(2026, 12, 12, 23, 59, tzinfo=UTC)


def test_the_same_wall_clock_time_either_side_of_a_dst_change():
    # New York: EDT (UTC-4) until 1 November 2026, EST (UTC-5) after.
    assert to_utc(datetime(2026, 10, 31, 12, 0), "America/New_York").hour == 16
    assert to_utc(datetime(2026, 11, 2, 12, 0), "America/New_York").hour == 17
    assert offset_label(datetime(2026, 10, 31, 16, 0, tzinfo=UTC), "America/New_York") == "UTC-04:00"
    assert offset_label(datetime(2026, 11, 2, 17, 0, tzinfo=UTC), "America/New_York") == "UTC-05:00"
    assert offset_label(datetime(2026, 11, 2, 17, 0, tzinfo=UTC), "Asia/Kolkata") == "UTC+05:30"


def test_times_in_the_gap_or_the_overlap_are_refused(app):
    with app.test_request_context():
        with pytest.raises(LocalTimeRefused, match="does not exist"):
            to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Paris")
        with pytest.raises(LocalTimeRefused, match="happens twice"):
            to_utc(datetime(2026, 10, 25, 2, 30), "Europe/Paris")
        with pytest.raises(LocalTimeRefused, match="happens twice"):
            to_utc(datetime(2026, 11, 1, 1, 30), "America/New_York")
        # Just outside: fine.
        assert to_utc(datetime(2026, 3, 29, 3, 0), "Europe/Paris") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
        assert to_utc(datetime(2026, 10, 25, 3, 0), "Europe/Paris") == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)


def test_an_extended_deadline_moves_the_boundary_to_the_second(app, make):
    closes = datetime(2026, 10, 20, 21, 59, tzinfo=UTC)  # 23:59 CEST
    round_ = make.round(opens_at=datetime(2026, 10, 1, tzinfo=UTC), closes_at=closes, timezone="Europe/Paris")
    # Extended across the change of clocks to 30 October, 23:59 CET.
    new = to_utc(datetime(2026, 10, 30, 23, 59), "Europe/Paris")
    services.extend_deadline(round_, actor=None, closes_at=new, reason="More time", now=closes - timedelta(days=1))
    assert round_.phase(closes + timedelta(seconds=1)) == RoundPhase.OPEN
    assert round_.phase(new - timedelta(seconds=1)) == RoundPhase.OPEN
    assert round_.phase(new) == RoundPhase.CLOSED
    assert round_.phase(new + timedelta(seconds=1)) == RoundPhase.CLOSED
    assert new == datetime(2026, 10, 30, 22, 59, tzinfo=UTC)


def test_closing_early_closes_at_that_second(app, make):
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    round_ = make.round(opens_at=now - timedelta(days=5), closes_at=now + timedelta(days=5))
    services.close_early(round_, actor=None, reason="Summit moved", now=now)
    assert round_.phase(now - timedelta(seconds=1)) == RoundPhase.OPEN
    assert round_.phase(now) == RoundPhase.CLOSED


def test_reopening_is_allowed_until_the_last_second_of_the_grace_period(app, make):
    closes = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    grace = timedelta(days=7)
    with app.test_request_context():
        late = make.round(opens_at=closes - timedelta(days=5), closes_at=closes)
        with pytest.raises(services.RoundRefused):
            services.reopen(late, actor=None, closes_at=closes + timedelta(days=10), reason="x", grace=grace,
                            now=closes + grace + timedelta(seconds=1))
        just_in_time = make.round(opens_at=closes - timedelta(days=5), closes_at=closes)
        services.reopen(just_in_time, actor=None, closes_at=closes + timedelta(days=10), reason="x", grace=grace,
                        now=closes + grace)
    assert just_in_time.phase(closes + grace) == RoundPhase.OPEN
