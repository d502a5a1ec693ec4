"""Analysis of a round's input: a codebook of themes, passages tagged with them, citations.

Analysts (the round's conveners and moderators) tag passages of submissions with a theme and
a stance; suggestions they confirm become tags too. Everything here is staff-only until the
convener publishes the analysis with the round's outcome.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.db import Base, UTCDateTime, enum_type, utcnow
from consult.enums import LabelledEnum
from consult.outcomes.models import Outcome, Recommendation, SessionSynthesis
from consult.outcomes.states import OutcomeStatus
from consult.rounds.models import Round
from consult.submissions.models import Submission


class Stance(LabelledEnum):
    SUPPORTS = "supports", _l("Supports")
    OPPOSES = "opposes", _l("Opposes")
    MIXED = "mixed", _l("Mixed")
    NEUTRAL = "neutral", _l("Neutral")


class CodebookOrigin(LabelledEnum):
    SESSIONS = "sessions", _l("The round's sessions")
    LIBRARY = "library", _l("The library (Global Compact objectives, SDG targets)")
    SCRATCH = "scratch", _l("From scratch")


class Codebook(Base):
    """A round's analysis: its themes, and whether the public may see it."""

    __tablename__ = "codebooks"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    origin: Mapped[CodebookOrigin] = mapped_column(enum_type(CodebookOrigin, "codebook_origin"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set by the convener when publishing the analysis with the outcome.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    round: Mapped[Round] = relationship()
    themes: Mapped[list[Theme]] = relationship(
        back_populates="codebook", cascade="all, delete-orphan", order_by="Theme.position"
    )

    def is_public(self, outcome: Outcome | None) -> bool:
        """The one rule: the analysis is public once published, with a published outcome."""
        return (
            self.published_at is not None
            and outcome is not None
            and outcome.round_id == self.round_id
            and outcome.status == OutcomeStatus.PUBLISHED
        )


class Theme(Base):
    """A theme of the codebook; at most two levels (a theme and its sub-themes)."""

    __tablename__ = "analysis_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("codebooks.round_id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_themes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # Where a library theme's official wording comes from ("Global Compact for Migration, objective 6").
    source: Mapped[str] = mapped_column(String(300), default="")
    library_key: Mapped[str | None] = mapped_column(String(40))  # "gcm-6", "sdg-10.7"

    codebook: Mapped[Codebook] = relationship(back_populates="themes")
    parent: Mapped[Theme | None] = relationship(remote_side=[id], backref=backref("children", order_by=position))


class Tag(Base):
    """A passage (or a whole submission) tagged with a theme and a stance.

    Like a redaction, the passage is kept as text within a part of the submission
    ("summary", "letter", "answer:<question id>", "attachment:<attachment id>"), so the tag
    survives edits around it. An empty part tags the whole submission.
    """

    __tablename__ = "analysis_tags"
    __table_args__ = (CheckConstraint("part <> '' OR passage = ''", name="whole_submission_has_no_passage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("analysis_themes.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(40), default="")
    passage: Mapped[str] = mapped_column(Text, default="")
    stance: Mapped[Stance] = mapped_column(enum_type(Stance, "tag_stance"), default=Stance.NEUTRAL)
    # The stance may be towards a draft recommendation rather than the theme's proposal.
    recommendation_id: Mapped[int | None] = mapped_column(ForeignKey("recommendations.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    # True when an analyst confirmed a suggestion rather than selecting the passage.
    from_suggestion: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    theme: Mapped[Theme] = relationship()
    submission: Mapped[Submission] = relationship()
    recommendation: Mapped[Recommendation | None] = relationship()


class Dismissal(Base):
    """A suggested passage an analyst said does not belong to a theme; not suggested again."""

    __tablename__ = "analysis_dismissals"
    __table_args__ = (UniqueConstraint("theme_id", "submission_id", "part", "passage_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("analysis_themes.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    part: Mapped[str] = mapped_column(String(40))
    passage: Mapped[str] = mapped_column(Text)
    passage_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the passage: a short unique key
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Citation(Base):
    """A recommendation or a session synthesis resting on a tagged passage."""

    __tablename__ = "analysis_citations"
    __table_args__ = (
        CheckConstraint("(recommendation_id IS NULL) <> (synthesis_id IS NULL)", name="cites_from_one_text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("analysis_tags.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    synthesis_id: Mapped[int | None] = mapped_column(ForeignKey("session_syntheses.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    tag: Mapped[Tag] = relationship()
    # Backrefs let the outcome pages show what a text rests on without importing analysis.
    recommendation: Mapped[Recommendation | None] = relationship(
        backref=backref("tag_citations", passive_deletes=True)
    )
    synthesis: Mapped[SessionSynthesis | None] = relationship(backref=backref("tag_citations", passive_deletes=True))
