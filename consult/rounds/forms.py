"""Forms conveners fill in: the round, its sessions and questions, lifecycle actions, staff."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    MultipleFileField,
    BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField,
    StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from consult.db import utcnow
from consult.forms import BaseForm, LongSelectField, MultiCheckboxField
from consult.organisations.forms import CountryField
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import Level, PublicationPolicy
from consult.rounds.timezones import LocalTimeRefused, to_utc, zone_names

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = [SelectChoice("en", _l("English")), SelectChoice("fr", _l("French")), SelectChoice("es", _l("Spanish"))]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
NO_CHOICE = 0
MAX_REASON = 2000


class RoundForm(BaseForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    slug = StringField(
        _l("Web address (slug)"),
        validators=[Optional(), Length(max=80),
                    Regexp(SLUG_RE, message=_l("Use only lower-case letters, digits and single hyphens, e.g. hld-2026-roundtable-3."))],
        filters=[lambda s: s.strip() if s else s],
    )
    summary = TextAreaField(_l("Summary"), validators=[InputRequired(), Length(max=2000)])
    background = TextAreaField(_l("Background paper (Markdown)"), validators=[Optional(), Length(max=100_000)])
    level = SelectField(_l("Level"), choices=[SelectChoice(lv.value, lv.label) for lv in Level], validators=[InputRequired()])
    country = CountryField(_l("Country"), none_label=_l("— none —"), validators=[Optional()])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=120)])
    convening_organisation_id = SelectField(_l("Convening organisation"), coerce=int, validate_choice=True)
    feeds_into_id = SelectField(_l("Feeds into"), coerce=int, validate_choice=True)
    timezone = LongSelectField(_l("Time zone of the dates"), validators=[InputRequired()],
                               choices=lambda: [SelectChoice(zone, zone) for zone in zone_names()])
    opens_at = DateTimeLocalField(_l("Opens (local time)"), format=DATETIME_FORMATS, validators=[InputRequired()])
    closes_at = DateTimeLocalField(_l("Closes (local time)"), format=DATETIME_FORMATS, validators=[InputRequired()])
    languages = MultiCheckboxField(_l("Accepted languages"), choices=LANGUAGES,
                                   validators=[InputRequired(message=_l("Choose at least one language."))])
    publication_policy = RadioField(
        _l("Publication"),
        choices=[SelectChoice(PublicationPolicy.ON_APPROVAL.value, _l("Publish each submission as soon as it is approved")),
                 SelectChoice(PublicationPolicy.AT_CLOSE.value, _l("Publish all approved submissions when the round closes"))],
        default=PublicationPolicy.ON_APPROVAL.value, validators=[InputRequired()],
    )
    allowed_groups = MultiCheckboxField(
        _l("Stakeholder groups that may submit"), choices=[SelectChoice(g.value, g.label) for g in StakeholderGroup.of_organisations()],
        validators=[InputRequired(message=_l("Choose at least one stakeholder group."))],
    )
    allow_multiple_submissions = BooleanField(_l("An organisation may send more than one submission"))
    accepts_individuals = BooleanField(_l("Individuals (migrants, family members, workers) may send input as "
                                          "themselves"))
    answer_word_limit = IntegerField(_l("Word limit per answer"), default=1000,
                                     validators=[InputRequired(), NumberRange(min=50, max=10_000)])
    max_attachments = IntegerField(_l("Attachments per submission"), default=3,
                                   validators=[InputRequired(), NumberRange(min=0, max=20)])
    max_attachment_mb = IntegerField(_l("Largest attachment (MB)"), default=10,
                                     validators=[InputRequired(), NumberRange(min=1, max=30)])
    reference_prefix = StringField(
        _l("Reference prefix for submission numbers"),
        validators=[InputRequired(), Length(min=2, max=12),
                    Regexp(r"^[A-Z0-9]+$", message=_l("Use capital letters and digits only, e.g. HLD3."))],
        filters=[lambda s: s.strip().upper() if s else s],
    )

    def __init__(self, *args, organisations=(), higher_rounds=(), draft=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.convening_organisation_id.choices = [SelectChoice(NO_CHOICE, _l("— none —"))] + [SelectChoice(o.id, o.display_name) for o in organisations]
        self.feeds_into_id.choices = [SelectChoice(NO_CHOICE, _l("— none —"))] + [
            SelectChoice(r.id, f"{r.title} ({r.level.label})") for r in higher_rounds]
        self.higher_levels = {r.id: r.level for r in higher_rounds}
        self.opens_at_utc = self.closes_at_utc = None
        if not draft:
            # Once published, the deadline moves only through "extend", "close early" or
            # "reopen", each with a public reason, and the address stays the one people
            # were sent (receipts, emails and other sites link to it).
            del self.opens_at
            del self.closes_at
            del self.timezone
            del self.slug

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if "opens_at" in self._fields and not (self.opens_at.errors or self.closes_at.errors or self.timezone.errors):
            try:
                self.opens_at_utc = to_utc(self.opens_at.data, self.timezone.data)
            except LocalTimeRefused as exc:
                self.opens_at.errors.append(str(exc))
                ok = False
            try:
                self.closes_at_utc = to_utc(self.closes_at.data, self.timezone.data)
            except LocalTimeRefused as exc:
                self.closes_at.errors.append(str(exc))
                ok = False
            if self.opens_at_utc and self.closes_at_utc and self.closes_at_utc <= self.opens_at_utc:
                self.closes_at.errors.append(str(_l("The round must close after it opens.")))
                ok = False
        if self.feeds_into_id.data and not self.feeds_into_id.errors:
            order = list(Level)
            if order.index(self.higher_levels[self.feeds_into_id.data]) <= order.index(Level(self.level.data)):
                self.feeds_into_id.errors.append(str(_l("A round can only feed into a round of a higher level.")))
                ok = False
        return ok


class SessionForm(BaseForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])


class QuestionForm(BaseForm):
    text = TextAreaField(_l("Question"), validators=[InputRequired(), Length(max=2000)])
    guidance = TextAreaField(_l("Guidance"), validators=[Optional(), Length(max=5000)])
    session_id = SelectField(_l("Asked in"), coerce=int, validate_choice=True)
    required = BooleanField(_l("An answer is required"), default=True)
    word_limit = IntegerField(_l("Word limit"), default=600, validators=[InputRequired(), NumberRange(min=10, max=10_000)])

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.session_id.choices = [SelectChoice(NO_CHOICE, _l("The whole round"))] + [SelectChoice(s.id, s.title) for s in sessions]


class ReasonForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=MAX_REASON)])


class OptionalReasonForm(BaseForm):
    reason = TextAreaField(_l("Note for the record"), validators=[Optional(), Length(max=MAX_REASON)])


class NewDeadlineForm(ReasonForm):
    """Extend or reopen: a new deadline in the round's own time zone, and a public reason."""

    closes_at = DateTimeLocalField(_l("New closing date and time"), format=DATETIME_FORMATS, validators=[InputRequired()])

    def __init__(self, *args, zone_name: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone_name = zone_name
        self.closes_at_utc = None

    def validate_closes_at(self, field):
        if field.data is None:
            return  # not a date and time: the field already says so
        try:
            self.closes_at_utc = to_utc(field.data, self.zone_name)
        except LocalTimeRefused as exc:
            raise ValidationError(str(exc)) from exc
        if self.closes_at_utc <= utcnow():
            raise ValidationError(_l("The new deadline must be in the future."))


class ModeratorForm(BaseForm):
    user_id = SelectField(_l("Moderator"), coerce=int, validate_choice=True)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = [SelectChoice(u.id, f"{u.name} <{u.email}>") for u in candidates]


class OrderForm(BaseForm):
    """Positions typed next to each item (``position-<id>``). The ids must be exactly the
    round's ids: a forged list (missing, extra or foreign ids) is refused as a whole."""

    def parse_order(self, formdata, expected_ids: list[int]) -> list[int] | None:
        positions: dict[int, int] = {}
        self.order_errors: list[str] = []
        for name, value in formdata.items():
            if not name.startswith("position-"):
                continue
            try:
                item_id, position = int(name.removeprefix("position-")), int(value)
            except ValueError:
                self.order_errors.append(str(_l("Positions must be whole numbers.")))
                return None
            if not 1 <= position <= 1000:
                self.order_errors.append(str(_l("Positions must be between 1 and 1000.")))
                return None
            positions[item_id] = position
        if set(positions) != set(expected_ids):
            self.order_errors.append(str(_l("The list does not match this round; reload the page and try again.")))
            return None
        current = {item_id: i for i, item_id in enumerate(expected_ids)}
        return sorted(positions, key=lambda i: (positions[i], current[i]))


class DocumentForm(BaseForm):
    documents = MultipleFileField(_l("Background documents (PDF, DOCX, ODT, TXT or RTF)"))
