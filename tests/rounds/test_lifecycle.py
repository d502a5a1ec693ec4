"""Every lifecycle transition and every refusal, through the services and the pages."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.db import utcnow
from consult.rounds import services
from consult.rounds.models import DeadlineChangeKind, Round, RoundPhase, RoundStatus
from consult.rounds.services import RoundRefused
from consult.rounds.timezones import to_local
from consult.security import Role
from tests.rounds.helpers import as_user, fresh, post, text


def events(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def local(value, round_):
    return to_local(value, round_.timezone).strftime("%Y-%m-%dT%H:%M")


# --- publish -------------------------------------------------------------------------------
def test_publish_a_draft(app, make, client):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, status=RoundStatus.DRAFT)
    db.session.commit()
    assert client.get(f"/rounds/{round_.slug}").status_code == 404
    assert post(as_user(app, convener), f"/my-rounds/{round_.slug}/publish", {"reason": "Ready"}).status_code == 302
    fresh()
    assert db.session.get(Round, round_.id).phase() == RoundPhase.OPEN
    assert events("publish")[0].reason == "Ready"
    assert client.get(f"/rounds/{round_.slug}").status_code == 200


def test_publishing_an_empty_round_is_refused(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, status=RoundStatus.DRAFT, questions=0)
    db.session.commit()
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/publish")
    assert response.status_code == 422
    assert "Add at least one guiding question before publishing the round." in text(response)
    fresh()
    assert db.session.get(Round, round_.id).status == RoundStatus.DRAFT


def test_publishing_with_a_deadline_in_the_past_is_refused(make):
    round_ = make.round(status=RoundStatus.DRAFT, opens_at=utcnow() - timedelta(days=10),
                        closes_at=utcnow() - timedelta(seconds=1))
    with pytest.raises(RoundRefused, match="closing date is in the past"):
        services.publish(round_, actor=None)
    assert round_.status == RoundStatus.DRAFT


def test_publishing_twice_is_refused(make):
    with pytest.raises(RoundRefused, match="Only a draft"):
        services.publish(make.round(), actor=None)


# --- extend --------------------------------------------------------------------------------
def test_extend_the_deadline_shows_the_reason_and_old_deadline_publicly(app, make, client):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, timezone="Europe/Paris",
                        closes_at=(utcnow() + timedelta(days=7)).replace(second=0, microsecond=0))
    old = round_.closes_at
    db.session.commit()
    new_local = local(old + timedelta(days=5), round_)
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/extend",
                    {"closes_at": new_local, "reason": "Many unions asked for more time"})
    assert response.status_code == 302
    fresh()
    round_ = db.session.get(Round, round_.id)
    assert round_.closes_at - old == timedelta(days=5)
    change = round_.deadline_changes[0]
    assert (change.kind, change.old_closes_at, change.reason) == (DeadlineChangeKind.EXTENDED, old,
                                                                  "Many unions asked for more time")
    assert events("extended")[0].reason == "Many unions asked for more time"
    html = text(client.get(f"/rounds/{round_.slug}"))
    assert "Many unions asked for more time" in html
    with app.test_request_context():
        from consult.dates import full_datetime
        assert f"Deadline extended from {full_datetime(old, 'Europe/Paris')}" in html


def test_extending_to_an_earlier_date_or_without_reason_is_refused(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    old = round_.closes_at
    db.session.commit()
    client = as_user(app, convener)
    response = post(client, f"/my-rounds/{round_.slug}/extend",
                    {"closes_at": local(old - timedelta(days=1), round_), "reason": "Oops"})
    assert response.status_code == 422 and "later than the current one" in text(response)
    response = post(client, f"/my-rounds/{round_.slug}/extend",
                    {"closes_at": local(old + timedelta(days=1), round_), "reason": ""})
    assert response.status_code == 422
    response = post(client, f"/my-rounds/{round_.slug}/extend", {"closes_at": "2020-01-01T00:00", "reason": "Past"})
    assert response.status_code == 422 and "must be in the future" in text(response)
    fresh()
    assert db.session.get(Round, round_.id).closes_at == old


@pytest.mark.parametrize("typed", ["abc", "2026-02-30T25:61", ""])
def test_a_deadline_that_is_not_a_date_is_refused_with_the_reason_kept(app, make, typed):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    db.session.commit()
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/extend",
                    {"closes_at": typed, "reason": "Unions asked for more time"})
    assert response.status_code == 422
    assert "Not a valid datetime value." in text(response) or "This field is required." in text(response)
    assert "Unions asked for more time" in text(response)
    assert f'value="{typed}"' in text(response)


def test_a_closed_round_is_reopened_not_extended(make):
    round_ = make.round(opens_at=utcnow() - timedelta(days=10), closes_at=utcnow() - timedelta(days=1))
    with pytest.raises(RoundRefused, match="reopen a closed round instead"):
        services.extend_deadline(round_, actor=None, closes_at=utcnow() + timedelta(days=3), reason="x")


def test_a_scheduled_round_can_be_extended(make):
    round_ = make.round(opens_at=utcnow() + timedelta(days=1), closes_at=utcnow() + timedelta(days=5))
    services.extend_deadline(round_, actor=None, closes_at=utcnow() + timedelta(days=9), reason="Holidays")
    assert round_.phase() == RoundPhase.SCHEDULED


# --- close early ---------------------------------------------------------------------------
def test_close_early(app, make, client):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    db.session.commit()
    assert post(as_user(app, convener), f"/my-rounds/{round_.slug}/close",
                {"reason": "The summit was moved forward"}).status_code == 302
    fresh()
    assert db.session.get(Round, round_.id).phase() == RoundPhase.CLOSED
    assert events("closed_early")[0].reason == "The summit was moved forward"
    assert "Closed early" in text(client.get(f"/rounds/{round_.slug}"))


def test_closing_early_needs_a_reason_and_an_open_round(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    scheduled = make.round(opens_at=utcnow() + timedelta(days=1), closes_at=utcnow() + timedelta(days=5))
    db.session.commit()
    assert post(as_user(app, convener), f"/my-rounds/{round_.slug}/close", {"reason": "  "}).status_code == 422
    with pytest.raises(RoundRefused, match="Only an open round"):
        services.close_early(scheduled, actor=None, reason="x")
    fresh()
    assert db.session.get(Round, round_.id).is_open()


# --- reopen --------------------------------------------------------------------------------
def test_reopen_within_the_grace_period(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, opens_at=utcnow() - timedelta(days=10), closes_at=utcnow() - timedelta(days=2))
    db.session.commit()
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/reopen",
                    {"closes_at": local(utcnow() + timedelta(days=3), round_), "reason": "The form was down"})
    assert response.status_code == 302
    fresh()
    assert db.session.get(Round, round_.id).is_open()
    assert db.session.get(Round, round_.id).deadline_changes[0].kind == DeadlineChangeKind.REOPENED


def test_reopening_after_the_grace_period_is_refused(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, opens_at=utcnow() - timedelta(days=30), closes_at=utcnow() - timedelta(days=8))
    db.session.commit()
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/reopen",
                    {"closes_at": local(utcnow() + timedelta(days=3), round_), "reason": "Late"})
    assert response.status_code == 422
    assert "only within 7 days of closing" in text(response)


def test_the_grace_period_is_configurable(make):
    round_ = make.round(opens_at=utcnow() - timedelta(days=30), closes_at=utcnow() - timedelta(days=8))
    services.reopen(round_, actor=None, closes_at=utcnow() + timedelta(days=1), reason="x", grace=timedelta(days=10))
    assert round_.is_open()


def test_an_open_round_cannot_be_reopened(make):
    with pytest.raises(RoundRefused, match="Only a closed round can be reopened"):
        services.reopen(make.round(), actor=None, closes_at=utcnow() + timedelta(days=30), reason="x")


# --- archive and conclude --------------------------------------------------------------------
def test_archive_a_closed_round(app, make, client):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, opens_at=utcnow() - timedelta(days=30), closes_at=utcnow() - timedelta(days=20))
    db.session.commit()
    assert post(as_user(app, convener), f"/my-rounds/{round_.slug}/archive",
                {"reason": "Superseded by the 2027 round"}).status_code == 302
    fresh()
    assert db.session.get(Round, round_.id).phase() == RoundPhase.ARCHIVED
    assert events("archive")[0].reason == "Superseded by the 2027 round"
    assert "Archived" in text(client.get(f"/rounds/{round_.slug}"))


def test_an_open_round_cannot_be_archived(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    db.session.commit()
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/archive", {"reason": "Done"})
    assert response.status_code == 422 and "close it first" in text(response)


def test_conclude_is_a_hook_for_outcomes(make):
    round_ = make.round(opens_at=utcnow() - timedelta(days=30), closes_at=utcnow() - timedelta(days=20))
    services.conclude(round_, actor=None, reason="Outcome published")
    assert round_.phase() == RoundPhase.CONCLUDED
    services.archive(round_, actor=None, reason="Old")
    assert round_.phase() == RoundPhase.ARCHIVED
    with pytest.raises(RoundRefused):
        services.conclude(make.round(), actor=None)


def test_the_page_offers_only_the_actions_possible_now(app, make):
    convener = make.user(Role.CONVENER)
    draft = make.round(convener=convener, status=RoundStatus.DRAFT)
    open_round = make.round(convener=convener)
    db.session.commit()
    client = as_user(app, convener)
    draft_page = text(client.get(f"/my-rounds/{draft.slug}"))
    assert "Publish the round" in draft_page and "Close the round early" not in draft_page
    open_page = text(client.get(f"/my-rounds/{open_round.slug}"))
    assert "Extend the deadline" in open_page and "Close the round early" in open_page
    assert "Publish the round" not in open_page
