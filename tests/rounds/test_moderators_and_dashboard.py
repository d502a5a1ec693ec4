"""Moderators assigned per round, and the convener dashboard."""
from datetime import timedelta

from sqlalchemy import update

from consult import db
from consult.audit import AuditEvent
from consult.organisations.models import StakeholderGroup
from consult.submissions import round_stats
from consult.rounds.models import Round, RoundStatus
from consult.security import Role
from consult.submissions.states import State
from tests.rounds.helpers import as_user, fresh, post, text


def test_assign_and_remove_a_moderator(app, make):
    convener, moderator = make.user(Role.CONVENER), make.user(Role.MODERATOR, name="Mona Moderator")
    round_ = make.round(convener=convener)
    db.session.commit()
    client = as_user(app, convener)
    assert "Mona Moderator" in text(client.get(f"/my-rounds/{round_.slug}"))
    assert post(client, f"/my-rounds/{round_.slug}/moderators", {"user_id": str(moderator.id)}).status_code == 302
    fresh()
    assert db.session.get(Round, round_.id).can_moderate(moderator)
    assert post(client, f"/my-rounds/{round_.slug}/moderators/{moderator.id}/remove").status_code == 302
    fresh()
    assert not db.session.get(Round, round_.id).can_moderate(db.session.get(type(moderator), moderator.id))


def test_only_people_with_the_moderator_role_can_be_assigned(app, make):
    convener, member = make.user(Role.CONVENER), make.user()
    round_ = make.round(convener=convener)
    db.session.commit()
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/moderators", {"user_id": str(member.id)})
    assert response.status_code == 422
    fresh()
    assert not db.session.get(Round, round_.id).can_moderate(member)


def test_a_moderator_cannot_manage_the_round_they_moderate(app, make):
    moderator = make.user(Role.MODERATOR)
    round_ = make.round(moderator=moderator)
    db.session.commit()
    assert as_user(app, moderator).get(f"/my-rounds/{round_.slug}").status_code == 403


def test_nav_shows_my_rounds_to_conveners_only(app, make):
    convener, member = make.user(Role.CONVENER), make.user()
    db.session.commit()
    assert "My rounds" in text(as_user(app, convener).get("/"))
    assert "My rounds" not in text(as_user(app, member).get("/"))
    assert "My rounds" not in text(app.test_client().get("/"))


def test_dashboard_counts_and_warns_about_silent_groups(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, title="Labour mobility round")
    round_.allowed_groups = [StakeholderGroup.CIVIL_SOCIETY.value, StakeholderGroup.TRADE_UNION.value,
                             StakeholderGroup.PRIVATE_SECTOR.value]
    ngo = make.organisation(group=StakeholderGroup.CIVIL_SOCIETY)
    employer = make.organisation(group=StakeholderGroup.PRIVATE_SECTOR)
    make.submission(round_, ngo, state=State.PUBLISHED)
    make.submission(round_, ngo, state=State.SUBMITTED)
    make.submission(round_, employer, state=State.DRAFT)  # a draft is not input received
    make.round(title="Someone else's round")
    db.session.commit()
    html = text(as_user(app, convener).get("/my-rounds/"))
    assert "Labour mobility round" in html and "Someone else&#39;s round" not in html
    assert "No trade union has submitted yet." in html
    assert "No private sector organisation has submitted yet." in html
    assert "No civil society organisation has submitted yet." not in html
    assert "No academic" not in html  # not allowed in this round, so no warning
    assert "Awaiting review" in html and "Published" in html
    assert "<svg" in html and "Submissions per day" in html


def test_median_time_to_decision_comes_from_the_audit_trail(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    org = make.organisation()
    quick = make.submission(round_, org, state=State.PUBLISHED)
    slow = make.submission(round_, org, state=State.REJECTED)
    db.session.flush()
    # Pretend the decisions took 2 hours and 4 hours after submission.
    for submission, hours in ((quick, 2), (slow, 4)):
        submit_time = submission.submitted_at - timedelta(hours=hours)
        db.session.execute(update(AuditEvent).where(AuditEvent.object_id == submission.id,
                                                    AuditEvent.object_type == "submissions",
                                                    AuditEvent.action == "submit").values(created_at=submit_time))
    db.session.commit()
    stats = round_stats.dashboard_stats([round_])[0]
    assert stats.decisions == 2
    assert abs(stats.median_decision - timedelta(hours=3)) < timedelta(minutes=1)
    assert stats.by_state[State.PUBLISHED] == 1 and stats.by_state[State.REJECTED] == 1
    assert sum(n for _, n in stats.per_day) == 2
    assert "Median time to a moderation decision: 3 hours" in text(as_user(app, convener).get("/my-rounds/"))


def test_an_admin_sees_every_round(app, make):
    admin = make.user(Role.ADMIN)
    make.round(title="First round")
    make.round(title="Second round", status=RoundStatus.DRAFT)
    db.session.commit()
    html = text(as_user(app, admin).get("/my-rounds/"))
    assert "First round" in html and "Second round" in html
