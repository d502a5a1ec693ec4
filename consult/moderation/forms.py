"""Forms of moderation: the queue filters (GET, no CSRF), decisions, redactions, reports."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, FileField, Form, HiddenField, IntegerField, RadioField, SelectField, StringField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from consult.forms import BaseForm
from consult.i18n import LANGUAGE_NAMES
from consult.moderation.models import Decision, ReportReason
from consult.moderation.queries import QUEUE_STATES, QueueFilters
from consult.moderation.services import DECISION_ACTIONS, MAX_GRACE_DAYS, rejection_reasons
from consult.organisations.countries import country_name, reading_order
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import RedactionReason
from consult.submissions.states import Action


class QueueFilterForm(Form):
    """Read from the query string; a bad value is reported and ignored, never a 500."""

    q = StringField(_l("Search in the queue"), validators=[Optional(), Length(max=200)])
    state = SelectField(_l("State"), validators=[Optional()])
    group = SelectField(_l("Stakeholder group"), validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    session = SelectField(_l("Session"), validators=[Optional()])
    language = SelectField(_l("Language"), validators=[Optional()])
    verified = SelectField(_l("Organisation"), validators=[Optional()])
    attachments = BooleanField(_l("With attachments"))
    reported = BooleanField(_l("Reported by the public"))
    sort = SelectField(_l("Order"), validators=[Optional()])
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(min=1, max=100_000)])

    def __init__(self, *, sessions=(), countries=(), **kwargs):
        super().__init__(formdata=request.args, **kwargs)
        any_ = ("", _l("Any"))
        self.state.choices = [any_] + [(s.value, s.label) for s in QUEUE_STATES]
        self.group.choices = [any_] + [(g.value, g.label) for g in StakeholderGroup]
        self.country.choices = [any_] + sorted(((c, country_name(c)) for c in countries),
                                               key=lambda choice: reading_order(choice[1]))
        self.session.choices = [any_] + [(str(s.id), s.title) for s in sessions]
        self.language.choices = [any_] + list(LANGUAGE_NAMES.items())
        self.verified.choices = [any_, ("yes", _l("Verified")), ("no", _l("Not verified"))]
        self.sort.choices = [("oldest", _l("Oldest first")), ("newest", _l("Newest first"))]

    def filters(self) -> QueueFilters:
        """The valid values only: a field that failed validation counts as not set."""
        def ok(field):
            return field.data if not field.errors and field.data else None

        return QueueFilters(
            state=ok(self.state) or "", group=ok(self.group) or "", country=ok(self.country) or "",
            session_id=int(ok(self.session)) if ok(self.session) else None,
            language=ok(self.language) or "", verified=ok(self.verified) or "",
            attachments=bool(self.attachments.data), reported=bool(self.reported.data),
            q=ok(self.q) or "", sort=ok(self.sort) or "oldest", page=ok(self.page) or 1,
        )

    def error_summary(self) -> list[tuple[str, str]]:
        return [(f.id, f"{f.label.text}: {m}") for f in self for m in f.errors]

    csrf_failed = False


class DecisionForm(BaseForm):
    """Which fields matter depends on the decision, so they are checked together here
    (an ``Optional`` validator would stop the inline checks on an empty field)."""

    action = RadioField(_l("Decision"), validators=[InputRequired(_l("Choose a decision."))])
    reason_code = SelectField(_l("Reason for rejection"), validate_choice=False)
    message = TextAreaField(
        _l("Message to the organisation"), validators=[Length(max=5000)],
        description=_l("Required when you ask for changes, hide or restore. It is emailed to the organisation."),
    )
    # Text, not IntegerField: an empty or odd value must not block a decision that ignores it.
    grace_days = StringField(_l("Days allowed to resubmit"), default="7")
    lock_version = HiddenField(validators=[InputRequired(_l("The form is incomplete; reload the page."))])
    replace_attachment = SelectField(_l("File the organisation should replace (optional)"), validate_choice=False)
    confirm_personal_data = BooleanField(_l("Publish anyway: I have checked the possible personal data left unredacted"))

    def __init__(self, *args, actions=DECISION_ACTIONS, files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [(a.value, Decision(a).label) for a in actions]
        self.reason_code.choices = [("", _l("Choose a reason"))] + [(r, r) for r in rejection_reasons()]
        if self.replace_attachment is not None:
            self.replace_attachment.choices = [("", _l("None"))] + [(str(a.id), a.filename) for a in files]

    def replace_attachment_id(self) -> int | None:
        """Only with a request for changes; a value that is no id counts as none."""
        raw = (self.replace_attachment.data or "") if self.action.data == Action.REQUEST_CHANGES.value else ""
        return int(raw) if raw.isdigit() and len(raw) < 10 else None

    def grace_days_value(self) -> int | None:
        raw = (self.grace_days.data or "").strip()
        return int(raw) if raw.isdigit() and len(raw) < 6 else None

    def validate_lock_version(self, field):
        if not str(field.data or "").isdigit():
            raise ValidationError(_l("The form is incomplete; reload the page."))

    def validate_reason_code(self, field):
        if self.action.data == Action.REJECT.value and field.data not in rejection_reasons():
            raise ValidationError(_l("Choose a reason for the rejection."))

    def validate_message(self, field):
        needs = {Action.REQUEST_CHANGES.value, Action.HIDE.value, Action.RESTORE.value}
        if self.action.data in needs and not (field.data or "").strip():
            raise ValidationError(_l("Write a message: the organisation will read it."))

    def validate_grace_days(self, field):
        if self.action.data != Action.REQUEST_CHANGES.value:
            return
        days = self.grace_days_value()
        if days is None or not 1 <= days <= MAX_GRACE_DAYS:
            raise ValidationError(_l("Give a number of days between 1 and %(n)s.", n=MAX_GRACE_DAYS))


class BulkDecisionForm(DecisionForm):
    """The confirmation page's form: the same fields; each selected submission carries its
    own version in the ``items`` values ("id:version"), read by the view."""

    lock_version = None
    replace_attachment = None

    def replace_attachment_id(self) -> None:
        return None


class RedactionForm(BaseForm):
    field = SelectField(_l("Part of the submission"), validators=[InputRequired(_l("Choose a part."))])
    passage = TextAreaField(
        _l("Passage to withhold"),
        validators=[DataRequired(_l("Paste the passage to withhold.")), Length(max=5000)],
        description=_l("Copy it exactly as it appears. Every occurrence in that part is withheld."),
    )
    reason = RadioField(
        _l("Reason"), choices=[SelectChoice(r.value, r.label) for r in RedactionReason],
        validators=[InputRequired(_l("Choose a reason."))],
    )
    note = TextAreaField(_l("Note for other moderators (optional)"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.field.choices = list(fields)


class WithholdForm(BaseForm):
    """Withhold one file; prefixed with the file's id, as the review page has one per file."""

    reason = RadioField(
        _l("Reason"), choices=[SelectChoice(r.value, r.label) for r in RedactionReason],
        validators=[InputRequired(_l("Choose a reason."))],
    )
    note = TextAreaField(_l("Note for other moderators (optional)"), validators=[Optional(), Length(max=2000)])


class RedactedFileForm(BaseForm):
    """A moderator's redacted version of one file; prefixed with the file's id, as the review
    page has one per file. The file itself is checked by the service, like any upload."""

    file = FileField(_l("Redacted version for the public"))


class ReportForm(BaseForm):
    reason = RadioField(
        _l("What is wrong with this submission?"),
        choices=ReportReason.choices,  # called for each form, so the labels are in the reader's language
        validators=[InputRequired(_l("Choose what is wrong."))],
    )
    text = TextAreaField(_l("Tell us more (optional)"), validators=[Optional(), Length(max=2000)])


class ContestForm(BaseForm):
    message = TextAreaField(
        _l("Why should the rejection be reconsidered?"),
        validators=[DataRequired(_l("Explain why the rejection should be reconsidered.")), Length(max=5000)],
        description=_l("You can contest a rejection once. A moderator will look at your submission again."),
    )
