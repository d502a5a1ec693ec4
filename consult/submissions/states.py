"""The submission state machine: the one table of who may move a submission where."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from consult.enums import LabelledEnum


class State(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Awaiting review")
    CHANGES_REQUESTED = "changes_requested", _l("Changes requested")
    PUBLISHED = "published", _l("Published")
    REJECTED = "rejected", _l("Rejected")
    HIDDEN = "hidden", _l("Hidden")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    HIDE = "hide"
    RESTORE = "restore"
    CONTEST = "contest"


class Actor(StrEnum):
    """How a person stands towards one submission (not their global role)."""

    MEMBER = "member"  # a member of the submitting organisation
    MODERATOR = "moderator"  # assigned to the round
    CONVENER = "convener"  # of the round
    ADMIN = "admin"


SUBMITTERS = frozenset({Actor.MEMBER})
DECIDERS = frozenset({Actor.MODERATOR, Actor.CONVENER, Actor.ADMIN})

TRANSITIONS: dict[tuple[State, Action], tuple[State, frozenset[Actor]]] = {
    (State.DRAFT, Action.SUBMIT): (State.SUBMITTED, SUBMITTERS),
    (State.CHANGES_REQUESTED, Action.SUBMIT): (State.SUBMITTED, SUBMITTERS),
    # Sending an edited text again (until the deadline): a new version, back to review.
    (State.SUBMITTED, Action.SUBMIT): (State.SUBMITTED, SUBMITTERS),
    (State.PUBLISHED, Action.SUBMIT): (State.SUBMITTED, SUBMITTERS),
    (State.DRAFT, Action.WITHDRAW): (State.WITHDRAWN, SUBMITTERS),
    (State.SUBMITTED, Action.WITHDRAW): (State.WITHDRAWN, SUBMITTERS),
    (State.CHANGES_REQUESTED, Action.WITHDRAW): (State.WITHDRAWN, SUBMITTERS),
    (State.PUBLISHED, Action.WITHDRAW): (State.WITHDRAWN, SUBMITTERS),
    (State.SUBMITTED, Action.PUBLISH): (State.PUBLISHED, DECIDERS),
    (State.SUBMITTED, Action.REQUEST_CHANGES): (State.CHANGES_REQUESTED, DECIDERS),
    (State.SUBMITTED, Action.REJECT): (State.REJECTED, DECIDERS),
    (State.PUBLISHED, Action.HIDE): (State.HIDDEN, DECIDERS),
    (State.HIDDEN, Action.RESTORE): (State.PUBLISHED, DECIDERS),
    (State.REJECTED, Action.CONTEST): (State.SUBMITTED, SUBMITTERS),
}

# A decision needs a reason the submitter and the record can read.
REASON_REQUIRED = frozenset({Action.REQUEST_CHANGES, Action.REJECT, Action.HIDE, Action.RESTORE, Action.CONTEST})


def allowed_actions(state: State, actors: set[Actor]) -> list[Action]:
    return [action for (s, action), (_, who) in TRANSITIONS.items() if s == state and who & actors]


def path_from_draft(target: State) -> list[Action]:
    """The shortest sequence of actions that takes a new draft to ``target`` (used by the
    demo loader, the offline import and tests), found by walking the table."""
    paths: dict[State, list[Action]] = {State.DRAFT: []}
    frontier = [State.DRAFT]
    while frontier and target not in paths:
        state = frontier.pop(0)
        for (source, action), (new_state, _) in TRANSITIONS.items():
            if source == state and new_state not in paths:
                paths[new_state] = paths[state] + [action]
                frontier.append(new_state)
    return paths[target]
