"""A co-signature: one organisation asked to sign another's submission, and its answer."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.auth.models import User
from consult.db import Base, UTCDateTime, enum_type, utcnow
from consult.enums import LabelledEnum
from consult.organisations.countries import country_name
from consult.organisations.models import Organisation
from consult.submissions.models import Submission
from consult.submissions.states import State


class CosignatureState(LabelledEnum):
    INVITED = "invited", _l("Awaiting an answer")
    CONFIRMED = "confirmed", _l("Confirmed")
    DECLINED = "declined", _l("Declined")
    WITHDRAWN = "withdrawn", _l("Invitation withdrawn")


# The one table of who moves a co-signature where: the invited organisation answers, the
# lead withdraws (a confirmed co-signer too, e.g. after a disagreement), and may ask again
# after withdrawing. A declined invitation stays declined: the answer is the co-signer's.
TRANSITIONS: dict[tuple[CosignatureState | None, str], CosignatureState] = {
    (None, "invite"): CosignatureState.INVITED,
    (CosignatureState.WITHDRAWN, "invite"): CosignatureState.INVITED,
    (CosignatureState.INVITED, "confirm"): CosignatureState.CONFIRMED,
    (CosignatureState.INVITED, "decline"): CosignatureState.DECLINED,
    (CosignatureState.INVITED, "withdraw"): CosignatureState.WITHDRAWN,
    (CosignatureState.CONFIRMED, "withdraw"): CosignatureState.WITHDRAWN,
}

# Input that can still gain co-signers: a draft or sent text, not one rejected or withdrawn.
COSIGNABLE = (State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.PUBLISHED, State.HIDDEN)


class Cosignature(Base):
    __tablename__ = "cosignatures"
    __table_args__ = (
        UniqueConstraint("submission_id", "organisation_id"),
        CheckConstraint("state NOT IN ('confirmed', 'declined') OR answered_at IS NOT NULL",
                        name="answered_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    # The co-signing organisation (never the lead, never a person's own profile).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    state: Mapped[CosignatureState] = mapped_column(enum_type(CosignatureState, "cosignature_state"),
                                                    default=CosignatureState.INVITED)
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who confirmed or declined for the organisation, and when (also in the audit trail).
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Submissions learn their co-signatures through this backref, without importing cosigning.
    submission: Mapped[Submission] = relationship(
        backref=backref("cosignatures", passive_deletes=True, order_by="Cosignature.id"))
    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def is_pending(self) -> bool:
        return self.state == CosignatureState.INVITED

    @property
    def is_confirmed(self) -> bool:
        return self.state == CosignatureState.CONFIRMED

    @property
    def lets_cosigner_read(self) -> bool:
        """The invited organisation reads the input (perhaps unpublished) while asked or signed."""
        return self.state in (CosignatureState.INVITED, CosignatureState.CONFIRMED)

    def can_answer(self, user) -> bool:
        """Confirm or decline: a member of the invited organisation, and nobody else."""
        return self.organisation.is_member(user)

    def can_withdraw(self, user) -> bool:
        return self.state in (CosignatureState.INVITED, CosignatureState.CONFIRMED) \
            and can_manage_cosigners(self.submission, user)

    @property
    def public_label(self) -> str:
        """"Name (Trade union, Kenya)": how the public page and exports name a co-signer."""
        org = self.organisation
        parts = [org.stakeholder_group.label] + ([country_name(org.country)] if org.country else [])
        return f"{org.name} ({', '.join(parts)})"


def can_manage_cosigners(submission: Submission, user) -> bool:
    """Invite and withdraw co-signers: anyone who may edit the lead organisation's input,
    while it is a draft or sent (not rejected or withdrawn). A person's own input stays theirs."""
    return (submission.state in COSIGNABLE and not submission.organisation.is_individual
            and submission.can_edit(user))
