"""Campaigns: many near-identical letters recognised as one text sent by many senders.

A campaign belongs to a round. Each submission recognised as a copy of its template is a
*letter* of the campaign; what a sender wrote beyond the template is kept as their own words.
Submissions stay whole and keep their own states: a campaign groups them, it never merges them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.db import Base, UTCDateTime, utcnow
from consult.moderation.models import Decision
from consult.rounds.models import Round
from consult.submissions.models import Submission


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (UniqueConstraint("round_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    # Numbered within the round ("Campaign 3"): a stable label for moderators and the public.
    number: Mapped[int] = mapped_column(Integer)
    # The letter whose text is the campaign's most common version.
    template_submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL")
    )
    template_text: Mapped[str] = mapped_column(Text, default="")
    # Kept in step by the campaigns service so that lists never count letters row by row.
    letters_count: Mapped[int] = mapped_column(Integer, default=0)
    own_words_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    round: Mapped[Round] = relationship()
    template_submission: Mapped[Submission | None] = relationship(foreign_keys=[template_submission_id])
    letters: Mapped[list[CampaignLetter]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", passive_deletes=True, lazy="write_only"
    )


class CampaignLetter(Base):
    """One submission's membership of a campaign."""

    __tablename__ = "campaign_letters"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    # What the sender wrote beyond the template (a personal opening, a story), as plain text.
    own_words: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Own words long enough that a moderator reviews this letter on its own.
    own_words_substantial: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Taken out of the campaign's decisions by a moderator: decided on alone from then on.
    taken_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Estimated Jaccard similarity of the letter's shingles to the template's.
    similarity: Mapped[float] = mapped_column(Float, default=1.0)

    campaign: Mapped[Campaign] = relationship(back_populates="letters")
    # Submissions learn their campaign through this backref, without importing campaigns.
    submission: Mapped[Submission] = relationship(
        backref=backref("campaign_letter", uselist=False, passive_deletes=True)
    )


class CampaignDecision(Base):
    """A moderator's one decision on the letters of a campaign that awaited it, applied a
    part at a time: a campaign can hold a hundred thousand letters, a request has a time
    limit. The letters it covers are fixed when it is made (``CampaignDecisionLetter``)."""

    __tablename__ = "campaign_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    reason_code: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    letters_total: Mapped[int] = mapped_column(Integer)
    applied: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    campaign: Mapped[Campaign] = relationship()

    @property
    def done(self) -> int:
        return self.applied + self.skipped

    @property
    def phrase(self) -> str:
        """"published" or "rejected", as the decision's emails and records say it."""
        return Decision(self.action).phrase


class CampaignDecisionLetter(Base):
    """A letter a campaign decision covers, at the version the moderator saw, and what
    became of it: applied, or skipped with the reason (it is then decided on alone)."""

    __tablename__ = "campaign_decision_letters"

    decision_id: Mapped[int] = mapped_column(ForeignKey("campaign_decisions.id", ondelete="CASCADE"),
                                             primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    lock_version: Mapped[int] = mapped_column(Integer)
    done: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    skipped_because: Mapped[str | None] = mapped_column(Text)

    submission: Mapped[Submission] = relationship()
