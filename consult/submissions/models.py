from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text,
                        UniqueConstraint, and_, false, or_, text)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.auth.models import User
from consult.db import Base, UTCDateTime, enum_type, utcnow
from consult.enums import LabelledEnum
from consult.files import StoredFileColumns
from consult.organisations.models import Organisation
from consult.rounds.models import PublicationPolicy, Question, Round, RoundSession, RoundStatus
from consult.security import Role
from consult.submissions.states import Actor, State


class Consent(LabelledEnum):
    """How the submitting organisation lets its input be published."""

    NAMED = "named", _l("Publish with our organisation's name")
    ANONYMOUS = "anonymous", _l("Publish without our name (stakeholder group and country only)")
    NOT_PUBLISHED = "not_published", _l("Do not publish (conveners only)")


submission_sessions = Table(
    "submission_sessions",
    Base.metadata,
    Column("submission_id", ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
    Column("session_id", ForeignKey("round_sessions.id", ondelete="CASCADE"), primary_key=True),
)


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        CheckConstraint(
            "state IN ('draft', 'withdrawn') OR submitted_at IS NOT NULL", name="submitted_has_time"
        ),
        CheckConstraint(
            "state NOT IN ('published', 'hidden') OR published_at IS NOT NULL", name="published_has_time"
        ),
        UniqueConstraint("round_id", "external_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="RESTRICT"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    # Kept when the author deletes their account: the submission stays the organisation's.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[State] = mapped_column(enum_type(State, "submission_state"), default=State.DRAFT, index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    # The whole text of input that follows no form (a letter received by post), in place
    # of or beside the answers; empty for input sent through the form.
    letter: Mapped[str] = mapped_column(Text, default="", server_default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    # True once the person picked the language themselves: their text never overrides it.
    language_chosen: Mapped[bool] = mapped_column(default=False, server_default=false())
    consent: Mapped[Consent] = mapped_column(enum_type(Consent, "publication_consent"), default=Consent.NAMED)
    # Sent for a person or a community ("a group of seasonal workers"), never naming them;
    # shown publicly only once the organisation confirms that they agreed.
    on_behalf_of: Mapped[str] = mapped_column(String(200), default="", server_default="")
    on_behalf_consent: Mapped[bool] = mapped_column(default=False, server_default=false())
    imported: Mapped[bool] = mapped_column(default=False)
    # The convener's own identifier of input received by post or email; makes re-imports idempotent.
    external_ref: Mapped[str | None] = mapped_column(String(100))
    # Optimistic locking: every change increments it; a stale form is refused.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When a moderator asks for changes they may allow a resubmission after the deadline.
    resubmit_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    # The backref gives rounds a way to ask about their input (has it any? which to re-index?)
    # without importing this module: a submission belongs to a round, not the reverse.
    round: Mapped[Round] = relationship(backref=backref("submissions", lazy="write_only", passive_deletes=True))
    # Likewise for organisations: renaming one re-indexes its input without importing submissions.
    organisation: Mapped[Organisation] = relationship(backref=backref("submissions", lazy="write_only",
                                                                      passive_deletes=True))
    author: Mapped[User | None] = relationship()
    sessions: Mapped[list[RoundSession]] = relationship(secondary=submission_sessions, order_by=RoundSession.position)
    answers: Mapped[list[Answer]] = relationship(back_populates="submission", cascade="all, delete-orphan")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    redactions: Mapped[list[Redaction]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Redaction.id"
    )
    versions: Mapped[list[SubmissionVersion]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="SubmissionVersion.number"
    )

    # --- the one "public" predicate ------------------------------------------------
    @classmethod
    def public_clause(cls, now: datetime | None = None):
        """SQL: may the public see this submission? Used by every public read."""
        now = now or utcnow()
        return and_(
            cls.state == State.PUBLISHED,
            cls.consent != Consent.NOT_PUBLISHED,
            cls.round.has(
                and_(
                    Round.status != RoundStatus.DRAFT,
                    or_(
                        Round.publication_policy == PublicationPolicy.ON_APPROVAL,
                        Round.closes_at <= now,
                        Round.status.in_([RoundStatus.CONCLUDED, RoundStatus.ARCHIVED]),
                    ),
                )
            ),
        )

    def is_public(self, now: datetime | None = None) -> bool:
        """The same predicate as :meth:`public_clause`, for one loaded submission."""
        now = now or utcnow()
        rnd = self.round
        return (
            self.state == State.PUBLISHED
            and self.consent != Consent.NOT_PUBLISHED
            and rnd.status != RoundStatus.DRAFT
            and (
                rnd.publication_policy == PublicationPolicy.ON_APPROVAL
                or rnd.closes_at <= now
                or rnd.status in (RoundStatus.CONCLUDED, RoundStatus.ARCHIVED)
            )
        )

    # --- who stands where ------------------------------------------------------------
    def actors(self, user) -> set[Actor]:
        """How ``user`` stands towards this submission. Nobody decides on their own
        organisation's input, whatever roles they hold."""
        if not getattr(user, "is_authenticated", False):
            return set()
        if self.organisation_id in user.organisation_ids():
            return {Actor.MEMBER}
        actors: set[Actor] = set()
        if user.has_role(Role.ADMIN):
            actors.add(Actor.ADMIN)
        if self.round.is_convener(user):
            actors.add(Actor.CONVENER)
        if self.round.can_moderate(user):
            actors.add(Actor.MODERATOR)
        return actors

    def accepts_input_now(self, now: datetime | None = None) -> bool:
        """May the organisation send (or resend) this submission at this moment? While the
        round is open, or within the grace period a moderator gave with a change request."""
        now = now or utcnow()
        if self.state == State.CHANGES_REQUESTED and self.resubmit_until is not None:
            return now < self.resubmit_until or self.round.is_open(now)
        return self.round.is_open(now)

    def can_view(self, user) -> bool:
        return self.is_public() or bool(self.actors(user))

    # --- which parts of a public submission are public (the one rule for parts) ---------
    @property
    def public_answers(self) -> list[Answer]:
        """Answers the public may read (the text itself still goes through redactions)."""
        return [a for a in self.answers if a.is_public_part]

    @property
    def public_attachments(self) -> list[Attachment]:
        """Files the public may download, list, search and export."""
        return [a for a in self.attachments if a.is_public_part]

    @property
    def confidential_part_count(self) -> int:
        """Parts kept for the conveners at the author's request (the public page says so)."""
        return (sum(1 for a in self.answers if a.confidential and a.text.strip())
                + sum(1 for a in self.attachments if a.confidential))

    # --- what the submitting organisation may do -----------------------------------------
    def can_edit(self, user) -> bool:
        """Open the organisation's form for this submission (members of it only)."""
        return Actor.MEMBER in self.actors(user)

    @property
    def is_draft_like(self) -> bool:
        """Content may be saved without sending it (a draft, or a text returned for changes)."""
        return self.state in (State.DRAFT, State.CHANGES_REQUESTED)

    def can_send(self, user, now: datetime | None = None) -> bool:
        sendable = self.state in (State.DRAFT, State.CHANGES_REQUESTED, State.SUBMITTED, State.PUBLISHED)
        return sendable and self.can_edit(user) and self.accepts_input_now(now)

    def can_withdraw(self, user) -> bool:
        return self.can_edit(user) and self.state in (
            State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.PUBLISHED
        )

    def can_remove_attachments(self, user) -> bool:
        """Only from a draft: what was sent stays exactly as it was received."""
        return self.state == State.DRAFT and self.can_edit(user)

    @property
    def deadline(self) -> datetime:
        if self.state == State.CHANGES_REQUESTED and self.resubmit_until is not None:
            return max(self.resubmit_until, self.round.closes_at)
        return self.round.closes_at

    @property
    def public_name(self) -> str | None:
        """The name the public may see beside this input (None: none). The one rule for
        every public path: an organisation's name when it consented to be named; an
        individual's only when they chose to be named and gave a name."""
        if self.consent != Consent.NAMED:
            return None
        return self.organisation.public_name

    @property
    def sent_on_behalf(self) -> bool:
        """Sent for others, with their consent recorded (counted in statistics and exports)."""
        return bool(self.on_behalf_of.strip()) and self.on_behalf_consent

    @property
    def withheld_attachments(self) -> list[Attachment]:
        """Files a moderator withheld (the public page says so; confidential ones are counted apart)."""
        return [a for a in self.attachments if a.withheld_reason is not None]

    @property
    def active_redactions(self) -> list[Redaction]:
        return [r for r in self.redactions if r.removed_at is None]

    def answer_for(self, question: Question) -> Answer | None:
        return next((a for a in self.answers if a.question_id == question.id), None)

    def __repr__(self) -> str:
        return f"<Submission {self.reference} {self.state}>"


class RedactionReason(LabelledEnum):
    PERSONAL_DATA = "personal_data", _l("Personal data")
    THREAT = "threat", _l("Threat")
    DEFAMATION = "defamation", _l("Defamation")
    OTHER = "other", _l("Other")


class Redaction(Base):
    """A passage withheld from the public. Matched by its text, so it still applies after
    the submitter edits around it; conveners keep seeing the original."""

    __tablename__ = "redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))  # "title", "summary", "letter" or "answer:<question id>"
    passage: Mapped[str] = mapped_column(Text)
    reason: Mapped[RedactionReason] = mapped_column(enum_type(RedactionReason, "redaction_reason"))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    submission: Mapped[Submission] = relationship(back_populates="redactions")


class SubmissionVersion(Base):
    """A copy of what was received, kept each time a submitted text is changed."""

    __tablename__ = "submission_versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    letter: Mapped[str] = mapped_column(Text, default="", server_default="")
    language: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict] = mapped_column(JSON)  # {question id (str): text}
    # Kept for the conveners in this version: {"answers": [question ids], "attachments": [ids]}; None: not recorded.
    confidential: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    submission: Mapped[Submission] = relationship(back_populates="versions")


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("submission_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text, default="")
    # The author asked that only the round's conveners and moderators read it.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    submission: Mapped[Submission] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()

    @property
    def is_public_part(self) -> bool:
        """May this answer be public when its submission is? Not when kept confidential."""
        return not self.confidential


class Attachment(StoredFileColumns, Base):
    __tablename__ = "attachments"
    # The indexer looks for files whose text it has not read yet every few seconds: a
    # partial index keeps that look-up small however many files have been read.
    __table_args__ = (Index("ix_attachments_text_pending", "submission_id",
                            sqlite_where=text("extracted_text IS NULL"), postgresql_where=text("extracted_text IS NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    # filename, content_type, size, sha256, storage_key: from StoredFileColumns
    # Deferred: a position paper's text can run to megabytes and only the indexer reads it.
    # None: not read yet (only the indexer's process reads files); "": no readable text.
    extracted_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    # The indexer's budget (characters, time, memory) ran out: the text is the file's beginning.
    text_incomplete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The author asked that only the round's conveners and moderators read it.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A moderator withheld the file from the public (kept for staff); None: not withheld.
    withheld_reason: Mapped[RedactionReason | None] = mapped_column(
        enum_type(RedactionReason, "attachment_withheld_reason"))
    withheld_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A moderator asked the organisation to replace this file (with a request for changes).
    replacement_requested: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    submission: Mapped[Submission] = relationship(back_populates="attachments")

    # --- the one "public" predicate of a file: its own part, and its submission's -------
    @classmethod
    def public_part_clause(cls):
        """SQL: the file's own condition: not withheld, not kept for the conveners by its author."""
        return and_(cls.withheld_reason.is_(None), cls.confidential.is_(false()))

    @property
    def is_public_part(self) -> bool:
        """The same condition as :meth:`public_part_clause`, for one loaded file."""
        return self.withheld_reason is None and not self.confidential

    @classmethod
    def public_clause(cls, now: datetime | None = None):
        """SQL: may the public download this file? Its own part and its submission's predicate."""
        return and_(cls.public_part_clause(), cls.submission.has(Submission.public_clause(now)))

    def is_public(self, now: datetime | None = None) -> bool:
        return self.is_public_part and self.submission.is_public(now)

    @property
    def part(self) -> str:
        """The redactable part that is this file's extracted text."""
        return f"attachment:{self.id}"

    @property
    def part_redactions(self) -> list[Redaction]:
        return [r for r in self.submission.active_redactions if r.field == self.part]

    @property
    def public_version(self):
        """What the public gets in this file's place: the redacted file a moderator uploaded
        (``moderation.models.RedactedFile``, through its backref), or the file itself."""
        return self.redacted_file or self

    @property
    def public_as_text(self) -> bool:
        """The public gets the text with the redactions applied, never bytes holding a withheld
        passage: when the file's own text has redactions, or its public version holds a passage."""
        text = self.public_version.extracted_text or ""
        return (self.redacted_file is None and bool(self.part_redactions)) or any(
            r.passage and r.passage in text for r in self.submission.active_redactions)

    @property
    def public_filename(self) -> str:
        """The name the public downloads (a file served as its redacted text is a .txt)."""
        name = self.public_version.filename
        return str(_l("%(name)s (redacted).txt", name=name.rsplit(".", 1)[0])) if self.public_as_text else name

    def serves_redacted_text_to(self, user) -> bool:
        """The public gets a redacted file's text, never its bytes; authors and staff the original."""
        return self.public_as_text and not self.submission.actors(user)

    def version_for(self, user):
        """The stored file ``user`` downloads: the original for the organisation and the staff."""
        return self if self.submission.actors(user) else self.public_version

    def can_replace(self, user) -> bool:
        """The organisation may put a new file in its place while the changes asked are due."""
        return self.replacement_requested and self.submission.state == State.CHANGES_REQUESTED \
            and self.submission.can_edit(user)

    def can_download(self, user) -> bool:
        """The public gets public files; the organisation and the staff deciding on it, every file."""
        return self.is_public() or bool(self.submission.actors(user))
