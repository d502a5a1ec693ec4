"""The outcome of a round: syntheses per session, recommendations, and their follow-up."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.db import Base, UTCDateTime, enum_type, utcnow
from consult.organisations.models import Organisation
from consult.outcomes.states import Addressee, OutcomeStatus, RecommendationStatus
from consult.rounds.models import Round, RoundSession, RoundStatus
from consult.submissions.models import Submission

recommendation_submissions = Table(
    "recommendation_submissions",
    Base.metadata,
    Column("recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True),
    Column("submission_id", ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
)

# A recommendation of a higher round citing one forwarded to it from a lower round.
recommendation_citations = Table(
    "recommendation_citations",
    Base.metadata,
    Column("citing_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True),
    Column("cited_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True),
)


class Outcome(Base):
    __tablename__ = "outcomes"
    __table_args__ = (
        CheckConstraint("status != 'published' OR published_at IS NOT NULL", name="published_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), unique=True)
    status: Mapped[OutcomeStatus] = mapped_column(enum_type(OutcomeStatus, "outcome_status"), default=OutcomeStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Last change after publication: shown to the public as "updated on ...".
    revised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped[Round] = relationship()
    syntheses: Mapped[list[SessionSynthesis]] = relationship(back_populates="outcome", cascade="all, delete-orphan")
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan", order_by="Recommendation.position"
    )

    @property
    def is_published(self) -> bool:
        return self.status == OutcomeStatus.PUBLISHED

    def is_public(self) -> bool:
        return self.is_published and self.round.status != RoundStatus.DRAFT

    def synthesis_for(self, session: RoundSession) -> SessionSynthesis | None:
        return next((s for s in self.syntheses if s.session_id == session.id), None)

    # --- permissions ------------------------------------------------------------------
    def can_view(self, user) -> bool:
        return self.is_public() or self.round.is_convener(user)

    def can_edit(self, user) -> bool:
        return Outcome.may_write(self.round, user)

    @staticmethod
    def may_write(round_: Round, user) -> bool:
        """Conveners write the outcome once the round has closed, and may correct it after
        publication (the history is kept); an archived round is frozen."""
        return round_.is_convener(user) and round_.has_closed() and round_.status != RoundStatus.ARCHIVED

    def can_publish(self, user) -> bool:
        return self.can_edit(user) and not self.is_published

    def can_forward(self, user) -> bool:
        """Whether to offer forwarding; the service says why it refuses (not concluded, ...)."""
        return self.round.is_convener(user) and self.round.feeds_into_id is not None


class SessionSynthesis(Base):
    """The rapporteur's summary of one session (Markdown, sanitised when shown)."""

    __tablename__ = "session_syntheses"
    __table_args__ = (UniqueConstraint("outcome_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("round_sessions.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    outcome: Mapped[Outcome] = relationship(back_populates="syntheses")
    session: Mapped[RoundSession] = relationship()
    versions: Mapped[list[SynthesisVersion]] = relationship(
        back_populates="synthesis", cascade="all, delete-orphan", order_by="SynthesisVersion.number"
    )


class SynthesisVersion(Base):
    """The text a published synthesis had before an edit."""

    __tablename__ = "synthesis_versions"
    __table_args__ = (UniqueConstraint("synthesis_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    synthesis_id: Mapped[int] = mapped_column(ForeignKey("session_syntheses.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    synthesis: Mapped[SessionSynthesis] = relationship(back_populates="versions")


class Forwarding(Base):
    """A concluded round's recommendations sent up to the round it feeds into, once."""

    __tablename__ = "forwardings"
    __table_args__ = (UniqueConstraint("from_round_id", "to_round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    to_round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    forwarded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    forwarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    from_round: Mapped[Round] = relationship(foreign_keys=[from_round_id])
    to_round: Mapped[Round] = relationship(foreign_keys=[to_round_id])


class Recommendation(Base):
    __tablename__ = "recommendations"
    __table_args__ = (
        CheckConstraint("addressee != 'named_body' OR addressee_name IS NOT NULL", name="named_body_has_name"),
        UniqueConstraint("outcome_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("round_sessions.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    addressee: Mapped[Addressee] = mapped_column(enum_type(Addressee, "recommendation_addressee"))
    addressee_name: Mapped[str | None] = mapped_column(String(200))
    theme: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_type(RecommendationStatus, "recommendation_status"), default=RecommendationStatus.PROPOSED, index=True
    )
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    forwarding_id: Mapped[int | None] = mapped_column(ForeignKey("forwardings.id", ondelete="SET NULL"), index=True)

    outcome: Mapped[Outcome] = relationship(back_populates="recommendations")
    session: Mapped[RoundSession | None] = relationship()
    forwarding: Mapped[Forwarding | None] = relationship()
    supporting_submissions: Mapped[list[Submission]] = relationship(
        secondary=recommendation_submissions, order_by=Submission.reference
    )
    cites: Mapped[list[Recommendation]] = relationship(
        secondary=recommendation_citations,
        primaryjoin=lambda: Recommendation.id == recommendation_citations.c.citing_id,
        secondaryjoin=lambda: Recommendation.id == recommendation_citations.c.cited_id,
        back_populates="cited_by",
    )
    cited_by: Mapped[list[Recommendation]] = relationship(
        secondary=recommendation_citations,
        primaryjoin=lambda: Recommendation.id == recommendation_citations.c.cited_id,
        secondaryjoin=lambda: Recommendation.id == recommendation_citations.c.citing_id,
        back_populates="cites",
    )
    updates: Mapped[list[StatusUpdate]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", order_by="StatusUpdate.id"
    )
    update_rights: Mapped[list[UpdateRight]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", order_by="UpdateRight.id"
    )
    versions: Mapped[list[RecommendationVersion]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", order_by="RecommendationVersion.number"
    )

    @property
    def round(self) -> Round:
        return self.outcome.round

    @property
    def code(self) -> str:
        """A short citable reference, e.g. ``NP-2026-R3``."""
        return f"{self.round.reference_prefix}-{self.round.opens_at.year}-R{self.position}"

    @property
    def addressee_label(self) -> str:
        if self.addressee == Addressee.NAMED_BODY and self.addressee_name:
            return self.addressee_name
        return self.addressee.label

    def is_public(self) -> bool:
        return self.outcome.is_public()

    def public_supporting_submissions(self) -> list[Submission]:
        """Supporting input as the public may see it (a submission hidden later drops out)."""
        return [s for s in self.supporting_submissions if s.is_public()]

    def public_cited_by(self) -> list[Recommendation]:
        return [r for r in self.cited_by if r.is_public()]

    # --- permissions ------------------------------------------------------------------
    def can_view(self, user) -> bool:
        return self.outcome.can_view(user)

    def can_edit(self, user) -> bool:
        return self.outcome.can_edit(user)

    def can_delete(self, user) -> bool:
        """Only while drafting: once published, a recommendation stays on the record."""
        return self.can_edit(user) and not self.outcome.is_published

    def can_post_update(self, user) -> bool:
        """A convener of the round, or a member of an organisation the conveners allowed
        to report on this recommendation (the addressee's representative)."""
        if not self.is_public() or not getattr(user, "is_authenticated", False):
            return False
        if self.round.is_convener(user):
            return True
        return bool(user.organisation_ids() & {r.organisation_id for r in self.update_rights})

    def can_grant_rights(self, user) -> bool:
        return self.is_public() and self.round.is_convener(user)

    def reporting_organisation(self, user) -> Organisation | None:
        """The organisation on whose behalf ``user`` reports, when not as a convener."""
        mine = user.organisation_ids()
        return next((r.organisation for r in self.update_rights if r.organisation_id in mine), None)


class RecommendationVersion(Base):
    """What a published recommendation said before an edit."""

    __tablename__ = "recommendation_versions"
    __table_args__ = (UniqueConstraint("recommendation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    addressee: Mapped[Addressee] = mapped_column(enum_type(Addressee, "recommendation_addressee"))
    addressee_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    recommendation: Mapped[Recommendation] = relationship(back_populates="versions")


class StatusUpdate(Base):
    """A dated report on a recommendation's follow-up, possibly changing its status."""

    __tablename__ = "recommendation_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    # Two columns of one table need two constraint names (PostgreSQL refuses a duplicate).
    from_status: Mapped[RecommendationStatus] = mapped_column(enum_type(RecommendationStatus, "update_from_status"))
    to_status: Mapped[RecommendationStatus] = mapped_column(enum_type(RecommendationStatus, "update_to_status"))
    text: Mapped[str] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set when posted by the addressee's representative rather than a convener.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))

    recommendation: Mapped[Recommendation] = relationship(back_populates="updates")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def changed_status(self) -> bool:
        return self.from_status != self.to_status


class UpdateRight(Base):
    """An organisation the conveners allowed to post updates on a recommendation."""

    __tablename__ = "recommendation_update_rights"
    __table_args__ = (UniqueConstraint("recommendation_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    recommendation: Mapped[Recommendation] = relationship(back_populates="update_rights")
    organisation: Mapped[Organisation] = relationship()

