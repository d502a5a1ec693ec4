"""The moderation record: one row per decision (for the public summary and "contest once"),
the reports the public sends about published submissions, and the redacted versions of
files that moderators upload."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.auth.models import User
from consult.db import Base, UTCDateTime, enum_type, utcnow
from consult.enums import LabelledEnum, PhrasedEnum
from consult.files import StoredFileColumns
from consult.submissions.models import Attachment, Submission
from consult.submissions.states import Action


class ModerationDecision(Base):
    """A decision as the record keeps it. The audit log has the same event; this table adds
    what the summary and the queue need (the reason chosen from the list, the time the
    submission had been waiting) without parsing free text."""

    __tablename__ = "moderation_decisions"
    __table_args__ = (Index("ix_moderation_decisions_round_action", "round_id", "action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    reason_code: Mapped[str | None] = mapped_column(String(200))  # a label from the configured list
    message: Mapped[str | None] = mapped_column(Text)
    # When the submission was received, so that the time to decision needs no join later.
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor: Mapped[User | None] = relationship()
    submission: Mapped[Submission] = relationship()


class Decision(PhrasedEnum):
    """A moderation decision: the submission ``Action`` of the same value, with its label on
    the decision form and its phrase in the record and the email ("XY-12 was published").
    CONTEST is the organisation's, asking for a rejection to be looked at again."""

    PUBLISH = "publish", _l("Publish"), _l("published")
    REQUEST_CHANGES = "request_changes", _l("Ask for changes"), _l("returned for changes")
    REJECT = "reject", _l("Reject"), _l("rejected")
    HIDE = "hide", _l("Hide"), _l("hidden")
    RESTORE = "restore", _l("Restore"), _l("restored")
    CONTEST = "contest", _l("Contest"), _l("contested")

    @property
    def action(self) -> Action:
        return Action(self.value)


class ReportReason(LabelledEnum):
    PERSONAL_DATA = "personal_data", _l("It reveals someone's personal data")
    OFFENSIVE = "offensive", _l("It is abusive, hateful or threatening")
    FALSE_INFORMATION = "false_information", _l("It spreads false information about someone")
    SPAM = "spam", _l("It is spam or advertising")
    OTHER = "other", _l("Something else")


class ReportResolution(StrEnum):
    DISMISSED = "dismissed"
    ACTED = "acted"  # the submission was hidden


class SubmissionReport(Base):
    """A member of the public flags a published submission. No reporter identity is kept:
    the public may report without an account, and the record holds no personal data."""

    __tablename__ = "submission_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ReportReason] = mapped_column(enum_type(ReportReason, "report_reason"))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[ReportResolution | None] = mapped_column(enum_type(ReportResolution, "report_resolution"))

    submission: Mapped[Submission] = relationship()
    resolved_by: Mapped[User | None] = relationship()


class RedactedFile(StoredFileColumns, Base):
    """A redacted version of an attachment, uploaded by a moderator: the public downloads it
    in the attachment's place, and search reads its text; the original stays for staff and
    the organisation. One per attachment; removing it (revert) makes the original public again."""

    __tablename__ = "redacted_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), unique=True)
    # filename, content_type, size, sha256, storage_key: from StoredFileColumns
    # As for attachments: read by the indexer's process only; None: not read yet, "": no text.
    extracted_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    text_incomplete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # The backref lets the public side ask a file for its redacted version without importing
    # moderation: what the public gets is decided in submissions.public_text.
    attachment: Mapped[Attachment] = relationship(backref=backref(
        "redacted_file", uselist=False, cascade="all, delete-orphan", passive_deletes=True))
    created_by: Mapped[User | None] = relationship()


class PersonalDataScan(Base):
    """What the personal-data detector found in one version of a long text (a file's text, as a
    rule), so that the review page does not scan it again on every view. Keyed by the text's
    sha256 and the countries whose phone formats were tried: a changed text is a new version."""

    __tablename__ = "personal_data_scans"
    __table_args__ = (UniqueConstraint("text_sha256", "regions"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text_sha256: Mapped[str] = mapped_column(String(64))
    regions: Mapped[str] = mapped_column(String(40))  # ISO codes, sorted, comma-separated
    findings: Mapped[list] = mapped_column(JSON)  # [[kind, start, end], ...]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
