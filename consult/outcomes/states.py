"""The states of an outcome and of a recommendation's follow-up: the one table of moves."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from consult.enums import LabelledEnum


class OutcomeStatus(StrEnum):
    DRAFT = "draft"  # seen by the round's conveners only
    PUBLISHED = "published"


class RecommendationStatus(LabelledEnum):
    PROPOSED = "proposed", _l("Proposed")
    ACCEPTED = "accepted", _l("Accepted")
    IN_PROGRESS = "in_progress", _l("In progress")
    IMPLEMENTED = "implemented", _l("Implemented")
    NOT_TAKEN_UP = "not_taken_up", _l("Not taken up")


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


class Addressee(LabelledEnum):
    GOVERNMENTS = "governments", _l("Governments")
    INTERNATIONAL_ORGANISATIONS = "international_organisations", _l("International organisations")
    CIVIL_SOCIETY = "civil_society", _l("Civil society")
    PRIVATE_SECTOR = "private_sector", _l("Private sector")
    NAMED_BODY = "named_body", _l("A named body")
