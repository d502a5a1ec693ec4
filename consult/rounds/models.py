from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, exists, false
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from consult.auth.models import User
from consult.db import Base, UTCDateTime, enum_type, utcnow
from consult.enums import LabelledEnum
from consult.organisations.models import Organisation, StakeholderGroup
from consult.security import Role


class Level(LabelledEnum):
    LOCAL = "local", _l("Local")
    NATIONAL = "national", _l("National")
    REGIONAL = "regional", _l("Regional")
    GLOBAL = "global", _l("Global")


class PublicationPolicy(StrEnum):
    ON_APPROVAL = "on_approval"  # each submission appears as soon as a moderator publishes it
    AT_CLOSE = "at_close"  # approved submissions appear together once the round has closed


class RoundStatus(StrEnum):
    """What conveners set. Scheduled / open / closed are computed from the dates."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CONCLUDED = "concluded"
    ARCHIVED = "archived"


class RoundPhase(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    SCHEDULED = "scheduled", _l("Opens soon")
    OPEN = "open", _l("Open for input")
    CLOSED = "closed", _l("Closed")
    CONCLUDED = "concluded", _l("Outcome published")
    ARCHIVED = "archived", _l("Archived")


class StaffRole(StrEnum):
    CONVENER = "convener"
    MODERATOR = "moderator"


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    background: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised on render
    level: Mapped[Level] = mapped_column(enum_type(Level, "round_level"))
    country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(120))
    convening_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    publication_policy: Mapped[PublicationPolicy] = mapped_column(
        enum_type(PublicationPolicy, "publication_policy"), default=PublicationPolicy.ON_APPROVAL
    )
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["en"])
    # None means every stakeholder group may submit.
    allowed_groups: Mapped[list[str] | None] = mapped_column(JSON)
    allow_multiple_submissions: Mapped[bool] = mapped_column(default=False)
    # Individuals (migrants, family members, workers) may send input as themselves.
    accepts_individuals: Mapped[bool] = mapped_column(default=False, server_default=false())
    answer_word_limit: Mapped[int] = mapped_column(Integer, default=1000)
    max_attachments: Mapped[int] = mapped_column(Integer, default=3)
    max_attachment_mb: Mapped[int] = mapped_column(Integer, default=10)
    status: Mapped[RoundStatus] = mapped_column(
        enum_type(RoundStatus, "round_status"), default=RoundStatus.DRAFT
    )
    feeds_into_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    reference_prefix: Mapped[str] = mapped_column(String(12))
    # Last reference number handed out; incremented atomically by the submission service.
    submission_counter: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    convening_organisation: Mapped[Organisation | None] = relationship()
    feeds_into: Mapped[Round | None] = relationship(remote_side=[id], back_populates="fed_by")
    fed_by: Mapped[list[Round]] = relationship(back_populates="feeds_into")
    sessions: Mapped[list[RoundSession]] = relationship(
        back_populates="round", order_by="RoundSession.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="round", order_by="Question.position", cascade="all, delete-orphan"
    )
    staff: Mapped[list[RoundStaff]] = relationship(back_populates="round", cascade="all, delete-orphan")
    documents: Mapped[list[RoundDocument]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="RoundDocument.id"
    )
    deadline_changes: Mapped[list[RoundDeadlineChange]] = relationship(
        back_populates="round", order_by="RoundDeadlineChange.created_at", cascade="all, delete-orphan"
    )

    # --- time window ------------------------------------------------------------------
    def phase(self, now: datetime | None = None) -> RoundPhase:
        if self.status != RoundStatus.PUBLISHED:
            return RoundPhase(self.status.value)
        now = now or utcnow()
        if now < self.opens_at:
            return RoundPhase.SCHEDULED
        if now < self.closes_at:
            return RoundPhase.OPEN
        return RoundPhase.CLOSED

    def is_open(self, now: datetime | None = None) -> bool:
        return self.phase(now) == RoundPhase.OPEN

    def has_closed(self, now: datetime | None = None) -> bool:
        return self.phase(now) in (RoundPhase.CLOSED, RoundPhase.CONCLUDED, RoundPhase.ARCHIVED)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def round_questions(self) -> list[Question]:
        """Questions addressed to the whole round rather than one session."""
        return [q for q in self.questions if q.session_id is None]

    @property
    def allowed_stakeholder_groups(self) -> list[StakeholderGroup]:
        return [g for g in StakeholderGroup if self.accepts_group(g)]

    def accepts_group(self, group: StakeholderGroup) -> bool:
        if group == StakeholderGroup.INDIVIDUAL:
            return self.accepts_individuals
        return self.allowed_groups is None or group.value in self.allowed_groups

    # --- permissions ------------------------------------------------------------------
    def staff_roles(self, user) -> set[StaffRole]:
        if not getattr(user, "is_authenticated", False):
            return set()
        return {s.role for s in self.staff if s.user_id == user.id}

    def is_convener(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return user.has_role(Role.ADMIN) or StaffRole.CONVENER in self.staff_roles(user)

    def can_view(self, user) -> bool:
        """Drafts are seen only by the round's conveners (and admins)."""
        return self.status != RoundStatus.DRAFT or self.is_convener(user)

    def can_see_statistics(self, user, now: datetime | None = None) -> bool:
        """Participation figures are public once the round has closed, so that they do not
        steer who takes part; the round's conveners see them at any time."""
        return self.can_view(user) and (self.has_closed(now) or self.is_convener(user))
    def can_manage(self, user) -> bool:
        """May ``user`` edit this round, its questions, its lifecycle and its staff?"""
        return self.is_convener(user)

    @property
    def moderators(self) -> list[User]:
        return [s.user for s in self.staff if s.role == StaffRole.MODERATOR]

    @property
    def conveners(self) -> list[User]:
        return [s.user for s in self.staff if s.role == StaffRole.CONVENER]

    def can_moderate(self, user) -> bool:
        return self.is_convener(user) or StaffRole.MODERATOR in self.staff_roles(user)

    def __repr__(self) -> str:
        return f"<Round {self.slug}>"


class RoundStaff(Base):
    """Who runs a round: its conveners, and the moderators they assign."""

    __tablename__ = "round_staff"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[StaffRole] = mapped_column(enum_type(StaffRole, "staff_role"), primary_key=True)

    round: Mapped[Round] = relationship(back_populates="staff")
    user: Mapped[User] = relationship()


# Whether a person runs or moderates any round (the navigation asks on every page). Defined
# here because User cannot import RoundStaff; deferred, and loaded with the person at login.
User.staffs_any_round = column_property(
    exists().where(RoundStaff.user_id == User.id, RoundStaff.role.in_([StaffRole.CONVENER, StaffRole.MODERATOR])),
    deferred=True,
)


class RoundSession(Base):
    """A thematic session (roundtable) of a round."""

    __tablename__ = "round_sessions"
    __table_args__ = (UniqueConstraint("round_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    round: Mapped[Round] = relationship(back_populates="sessions")
    questions: Mapped[list[Question]] = relationship(back_populates="session", order_by="Question.position")


class Question(Base):
    """A guiding question, addressed to the whole round or to one of its sessions."""

    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint("word_limit > 0", name="positive_word_limit"),
        UniqueConstraint("round_id", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("round_sessions.id", ondelete="RESTRICT"))
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=True)
    word_limit: Mapped[int] = mapped_column(Integer, default=600)
    # Set when the wording changes after the round was published; shown as "updated on ...".
    wording_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped[Round] = relationship(back_populates="questions")
    session: Mapped[RoundSession | None] = relationship(back_populates="questions")


class DeadlineChangeKind(StrEnum):
    EXTENDED = "extended"
    CLOSED_EARLY = "closed_early"
    REOPENED = "reopened"


class RoundDeadlineChange(Base):
    """A change to a published round's deadline, with its reason: shown on the public page
    so that nobody is surprised by a deadline that moved."""

    __tablename__ = "round_deadline_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DeadlineChangeKind] = mapped_column(enum_type(DeadlineChangeKind, "deadline_change_kind"))
    old_closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    new_closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    round: Mapped[Round] = relationship(back_populates="deadline_changes")


class RoundDocument(Base):
    """A background document of a round (the background paper, a concept note), stored like
    a submission's attachment and public as soon as the round is."""

    __tablename__ = "round_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    # Deferred: a document's text can run to megabytes and no page shows it.
    extracted_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    round: Mapped[Round] = relationship(back_populates="documents")
