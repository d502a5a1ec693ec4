"""The states of an outcome and of a recommendation's follow-up: the one table of moves."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class OutcomeStatus(StrEnum):
    DRAFT = "draft"  # seen by the round's conveners only
    PUBLISHED = "published"


class RecommendationStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_TAKEN_UP = "not_taken_up"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    RecommendationStatus.PROPOSED: _l("Proposed"),
    RecommendationStatus.ACCEPTED: _l("Accepted"),
    RecommendationStatus.IN_PROGRESS: _l("In progress"),
    RecommendationStatus.IMPLEMENTED: _l("Implemented"),
    RecommendationStatus.NOT_TAKEN_UP: _l("Not taken up"),
}

S = RecommendationStatus
# Where a recommendation may go next. An update may also keep the status (a progress note).
# "Not taken up" can be reconsidered; "implemented" can be reopened when it is undone.
NEXT_STATUSES: dict[RecommendationStatus, frozenset[RecommendationStatus]] = {
    S.PROPOSED: frozenset({S.ACCEPTED, S.IN_PROGRESS, S.NOT_TAKEN_UP}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.IMPLEMENTED, S.NOT_TAKEN_UP}),
    S.IN_PROGRESS: frozenset({S.IMPLEMENTED, S.NOT_TAKEN_UP}),
    S.IMPLEMENTED: frozenset({S.IN_PROGRESS}),
    S.NOT_TAKEN_UP: frozenset({S.ACCEPTED, S.IN_PROGRESS}),
}


def allowed_next(current: RecommendationStatus) -> list[RecommendationStatus]:
    """The statuses an update may set, the current one first, in the order of the enum."""
    return [current] + [s for s in RecommendationStatus if s in NEXT_STATUSES[current]]


class Addressee(StrEnum):
    GOVERNMENTS = "governments"
    INTERNATIONAL_ORGANISATIONS = "international_organisations"
    CIVIL_SOCIETY = "civil_society"
    PRIVATE_SECTOR = "private_sector"
    NAMED_BODY = "named_body"

    @property
    def label(self) -> str:
        return str(ADDRESSEE_LABELS[self])


ADDRESSEE_LABELS = {
    Addressee.GOVERNMENTS: _l("Governments"),
    Addressee.INTERNATIONAL_ORGANISATIONS: _l("International organisations"),
    Addressee.CIVIL_SOCIETY: _l("Civil society"),
    Addressee.PRIVATE_SECTOR: _l("Private sector"),
    Addressee.NAMED_BODY: _l("A named body"),
}
