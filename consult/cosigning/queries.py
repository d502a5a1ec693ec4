"""Read helpers: whom a lead can invite, what an organisation is asked to sign, who
co-signed, and who speaks through a submission (for statistics)."""
from __future__ import annotations

from sqlalchemy import func, select, union
from sqlalchemy.orm import joinedload, selectinload

from consult import db
from consult.cosigning.models import Cosignature, CosignatureState
from consult.organisations import queries as organisation_queries
from consult.organisations.models import Organisation
from consult.submissions.models import Submission

PICKER_LIMIT = 20


def candidates(submission: Submission, text: str, chosen_id: int | None = None) -> list[Organisation]:
    """The picker: registered organisations whose name or acronym holds ``text``, the lead
    left out, and first the one already chosen (kept when the search text changed since)."""
    found = []
    if (text or "").strip():
        query = organisation_queries.search(text).where(Organisation.id != submission.organisation_id)
        found = list(db.session.scalars(query.limit(PICKER_LIMIT)))
    chosen = db.session.get(Organisation, chosen_id) if isinstance(chosen_id, int) and 0 < chosen_id < 2**31 else None
    if chosen is not None and not chosen.is_individual and chosen not in found:
        found.insert(0, chosen)
    return found


def of_submission(submission: Submission) -> list[Cosignature]:
    """Every invitation of a submission, for its lead (newest answer last)."""
    return list(db.session.scalars(
        select(Cosignature).where(Cosignature.submission_id == submission.id)
        .options(joinedload(Cosignature.organisation)).order_by(Cosignature.invited_at, Cosignature.id)))


def pending_for(organisation: Organisation) -> list[Cosignature]:
    """Invitations an organisation has not answered yet, on input still open to co-signing."""
    return list(db.session.scalars(
        select(Cosignature).where(Cosignature.organisation_id == organisation.id,
                                  Cosignature.state == CosignatureState.INVITED)
        .options(joinedload(Cosignature.submission).joinedload(Submission.organisation))
        .order_by(Cosignature.invited_at, Cosignature.id)))


def answered_by(organisation: Organisation, limit: int = 20) -> list[Cosignature]:
    """The organisation's latest answers (what it signed or declined, by whom and when)."""
    return list(db.session.scalars(
        select(Cosignature).where(Cosignature.organisation_id == organisation.id,
                                  Cosignature.state.in_([CosignatureState.CONFIRMED, CosignatureState.DECLINED]))
        .order_by(Cosignature.answered_at.desc()).limit(limit)))


def pending_count(organisation: Organisation) -> int:
    """Invitations awaiting the organisation's answer (the link on its members' pages)."""
    return db.session.scalar(select(func.count()).select_from(Cosignature).where(
        Cosignature.organisation_id == organisation.id, Cosignature.state == CosignatureState.INVITED)) or 0


def confirmed(submission: Submission) -> list[Cosignature]:
    """The co-signers the public sees: those whose organisation confirmed, in the order they did.
    Unconfirmed, declined and withdrawn invitations never leave the lead's page."""
    return sorted((c for c in submission.cosignatures if c.is_confirmed), key=lambda c: (c.answered_at, c.id))


def with_cosigners():
    """Loader option for lists that show co-signers (exports, the API)."""
    return selectinload(Submission.cosignatures).joinedload(Cosignature.organisation)


def voices(*columns, where):
    """SQL: (submission_id, *columns) for each submission matching ``where``, once with its
    lead organisation and once with each confirmed co-signer, ``columns`` and ``where``
    reading ``Organisation`` as that organisation; each row once (UNION). Statistics count a
    submission for every stakeholder group and country that signed it, but once per group:
    a union and a co-signing union are one trade-union voice in the count of that input."""
    lead = (select(Submission.id.label("submission_id"), *columns)
            .join(Organisation, Submission.organisation_id == Organisation.id).where(where))
    cosigned = (select(Cosignature.submission_id, *columns)
                .join(Submission, Submission.id == Cosignature.submission_id)
                .join(Organisation, Organisation.id == Cosignature.organisation_id)
                .where(where, Cosignature.state == CosignatureState.CONFIRMED))
    return union(lead, cosigned).subquery("voices")


def cosigned_count(where) -> int:
    """How many submissions matching ``where`` have at least one confirmed co-signer."""
    return db.session.scalar(select(func.count()).select_from(Submission).where(where, Submission.cosignatures.any(
        Cosignature.state == CosignatureState.CONFIRMED))) or 0
