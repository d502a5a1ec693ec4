"""Generated from the transition table: every (state, action, actor kind) either performs
the transition and logs it, or is refused with a clear message and changes nothing."""
from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select

from consult import db
from consult.audit import AuditEvent
from consult.moderation import services
from consult.rounds.models import RoundStaff, StaffRole
from consult.security import Role
from consult.submissions.services import TransitionRefused, transition
from consult.submissions.states import TRANSITIONS, Action, Actor, State

CASES = list(itertools.product(State, Action))


def person(make, kind: Actor, submission):
    if kind == Actor.MEMBER:
        return make.user(organisation=submission.organisation)
    if kind == Actor.ADMIN:
        return make.user(Role.ADMIN)
    user = make.user(Role.MODERATOR if kind == Actor.MODERATOR else Role.CONVENER)
    role = StaffRole.MODERATOR if kind == Actor.MODERATOR else StaffRole.CONVENER
    db.session.add(RoundStaff(round=submission.round, user=user, role=role))
    db.session.flush()
    return user


def act(submission, action: Action, user):
    """Through the service a person would use: moderation decisions through ``decide``,
    contesting through ``contest``, the submitter's own actions through ``transition``."""
    if action in services.DECISION_ACTIONS:
        services.decide(submission, action, actor=user, expected_version=submission.lock_version,
                        message="Clear reason for the record.", reason_code=services.rejection_reasons()[0],
                        grace_days=5)
    elif action == Action.CONTEST:
        services.contest(submission, actor=user, message="We answered every question.")
    else:
        transition(submission, action, actor=user, reason="Clear reason for the record.")


def audit_count(submission) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.object_type == "submissions", AuditEvent.object_id == submission.id))


@pytest.mark.parametrize(("state", "action"), CASES, ids=[f"{s.value}-{a.value}" for s, a in CASES])
def test_every_state_action_and_actor(in_request, make, state, action):
    round_ = make.round()
    org = make.organisation()
    for kind in Actor:
        submission = make.submission(round_, org, state=state)
        user = person(make, kind, submission)
        version, events = submission.lock_version, audit_count(submission)
        rule = TRANSITIONS.get((state, action))
        allowed = rule is not None and kind in rule[1]
        if allowed:
            act(submission, action, user)
            assert submission.state == rule[0], (kind, submission.state)
            event = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == submission.id)
                                       .order_by(AuditEvent.id.desc())).first()
            assert (event.action, event.from_state, event.to_state, event.actor_id) == (
                action.value, state.value, rule[0].value, user.id)
            assert submission.lock_version > version
        else:
            with pytest.raises((TransitionRefused, services.DecisionRefused)) as refused:
                act(submission, action, user)
            assert str(refused.value).strip(), "a refusal says why"
            db.session.expire_all()
            assert submission.state == state, kind
            assert submission.lock_version == version
            assert audit_count(submission) == events


def test_nobody_decides_on_their_own_organisations_input(in_request, make):
    round_ = make.round()
    org = make.organisation()
    submission = make.submission(round_, org, state=State.SUBMITTED)
    both = make.user(Role.ADMIN, organisation=org)
    db.session.add(RoundStaff(round=round_, user=both, role=StaffRole.CONVENER))
    db.session.flush()
    with pytest.raises(services.DecisionRefused, match="not allowed"):
        services.decide(submission, Action.PUBLISH, actor=both, expected_version=submission.lock_version)
    assert submission.state == State.SUBMITTED


def test_a_refused_decision_explains_itself_in_words(in_request, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.PUBLISHED)
    with pytest.raises(services.DecisionRefused, match="published cannot be"):
        services.decide(submission, Action.PUBLISH, actor=staff.moderator, expected_version=submission.lock_version)
