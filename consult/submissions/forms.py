"""The submission form, built from the round's questions.

Drafts are saved whatever their state of completion (nothing typed is ever refused for
being unfinished); the checks a sent text must pass (required answers, word limits) are
applied by :meth:`SubmissionForm.validate_for_sending`.

NUL bytes and C0 control characters other than tab and newline are STRIPPED from every
text field (they cannot be stored in PostgreSQL text and never carry meaning in prose);
carriage returns become newlines. Every script, right-to-left text and emoji is kept.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, HiddenField, IntegerField, MultipleFileField, RadioField, SelectField, StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from consult.forms import BaseForm, MultiCheckboxField
from consult.i18n import LANGUAGE_NAMES
from consult.organisations.forms import CountryField
from consult.submissions.models import Consent
from consult.text import word_count

MAX_ANSWER_CHARS = 100_000  # far beyond any word limit; a megabyte of text is refused
MAX_SUMMARY_CHARS = 10_000
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONSENT_HINTS = {
    Consent.NAMED: _l("Anyone can read it, with your organisation's name. The names and email addresses of "
                      "individual people are never published."),
    Consent.ANONYMOUS: _l("Anyone can read it; instead of your organisation's name we show only its stakeholder "
                          "group and country."),
    Consent.NOT_PUBLISHED: _l("Only the conveners and moderators of this round read it."),
}

# A person sending input as themselves: anonymous unless they choose otherwise.
INDIVIDUAL_CONSENT_LABELS = {
    Consent.NAMED: _l("Publish with my name"),
    Consent.ANONYMOUS: _l("Publish without my name (recommended)"),
    Consent.NOT_PUBLISHED: _l("Do not publish (conveners only)"),
}
INDIVIDUAL_CONSENT_HINTS = {
    Consent.NAMED: _l("Anyone can read it, with the name you gave. Your email address is never published."),
    Consent.ANONYMOUS: _l("Anyone can read it; instead of your name we show only how you describe yourself and "
                          "your countries, for example \"A domestic worker in Lebanon, from Ethiopia\"."),
    Consent.NOT_PUBLISHED: _l("Only the conveners and moderators of this round read it."),
}


def clean_text(value):
    if value is None:
        return value
    return CONTROL_CHARS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


class SubmissionForm(BaseForm):
    lock_version = HiddenField()
    title = StringField(_l("Title"), filters=[clean_text], validators=[Optional(), Length(max=300)])
    summary = TextAreaField(_l("Summary"), filters=[clean_text], validators=[Optional(), Length(max=MAX_SUMMARY_CHARS)])
    language = SelectField(_l("Language of your input"))
    sessions = MultiCheckboxField(_l("Sessions your input addresses"), coerce=int)
    attachments = MultipleFileField(_l("Attach documents"))
    confidential_attachments = MultiCheckboxField(_l("Attached documents for the conveners only"), coerce=int,
                                                  validate_choice=False)
    new_files_confidential = BooleanField(_l("Keep the documents I attach now for the conveners only"))
    on_behalf_of = StringField(_l("Sent on behalf of (optional)"), filters=[clean_text],
                               description=_l("A person or a community you speak for, without naming them, "
                                              "for example: a group of seasonal workers."),
                               validators=[Optional(), Length(max=200)])
    on_behalf_consent = BooleanField(_l("They agreed that we send this input on their behalf"))
    consent = RadioField(
        _l("May we publish your input?"),
        # A callable: the labels are read in each request's language, when the form is made.
        choices=lambda: [SelectChoice(c.value, c.label) for c in Consent],
        validators=[InputRequired()],
    )

    @classmethod
    def for_round(cls, round_, *, individual: bool = False, **kwargs) -> SubmissionForm:
        """A form class with one text area per question of ``round_``; ``individual``: for
        a person sending input as themselves."""
        attrs = {}
        for question in round_.questions:
            attrs[f"answer_{question.id}"] = TextAreaField(
                question.text,
                filters=[clean_text],
                validators=[Optional(), Length(max=MAX_ANSWER_CHARS)],
            )
            attrs[f"confidential_{question.id}"] = BooleanField(_l("For the conveners only: never publish this answer"))
        form_class = type("RoundSubmissionForm", (cls,), attrs)
        form = form_class(**kwargs)
        form.round = round_
        form.language.choices = [SelectChoice(code, LANGUAGE_NAMES.get(code, code)) for code in round_.languages]
        form.sessions.choices = [SelectChoice(s.id, s.title) for s in round_.sessions]
        if individual:
            form.consent.choices = [SelectChoice(c.value, INDIVIDUAL_CONSENT_LABELS[c]) for c in Consent]
        return form

    def answer_field(self, question):
        return self[f"answer_{question.id}"]

    def confidential_field(self, question):
        return self[f"confidential_{question.id}"]

    def answers(self) -> dict[int, str]:
        return {q.id: self.answer_field(q).data or "" for q in self.round.questions}

    def content(self) -> dict:
        return {
            "answers": self.answers(),
            "title": (self.title.data or "").strip(),
            "summary": self.summary.data or "",
            "language": self.language.data,
            "consent": Consent(self.consent.data),
            "session_ids": list(self.sessions.data or []),
            "on_behalf_of": (self.on_behalf_of.data or "").strip(),
            "on_behalf_consent": bool(self.on_behalf_consent.data),
            "confidential_question_ids": {q.id for q in self.round.questions if self.confidential_field(q).data},
            "confidential_attachment_ids": set(self.confidential_attachments.data or []),
            "new_files_confidential": bool(self.new_files_confidential.data),
        }

    def validate_for_sending(self) -> bool:
        """The checks a text must pass to be sent (after :meth:`validate`)."""
        ok = True
        if (self.on_behalf_of.data or "").strip() and not self.on_behalf_consent.data:
            self.on_behalf_consent.errors.append(_("Confirm that the people you speak for agreed, or leave "
                                                   "\"Sent on behalf of\" empty."))
            ok = False
        if not (self.title.data or "").strip():
            self.title.errors.append(_("Give your input a title."))
            ok = False
        for question in self.round.questions:
            field = self.answer_field(question)
            words = word_count(field.data)
            if question.required and words == 0:
                field.errors.append(_("Answer this question."))
                ok = False
            elif words > question.word_limit:
                field.errors.append(_("Use at most %(limit)d words; you have %(words)d.",
                                      limit=question.word_limit, words=words))
                ok = False
        self._errors = None  # WTForms caches the error dict; let it see these
        return ok

    def add_attachment_errors(self, problems: list[str]) -> None:
        self.attachments.errors = list(self.attachments.errors) + problems
        self._errors = None  # WTForms caches the error dict; let it see these


class StartForm(BaseForm):
    # Any id a database can hold: a longer number is no organisation, not an overflow.
    organisation_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
    form_token = HiddenField(validators=[InputRequired(), Length(min=16, max=64)])


class MyselfForm(BaseForm):
    """Send input as oneself: who the public will read about (never the person's name,
    unless they give one and choose to be named on their input)."""

    form_token = HiddenField(validators=[InputRequired(), Length(min=16, max=64)])
    country = CountryField(_l("Country where you live"), none_label=_l("Choose a country"),
                          validators=[InputRequired(_l("Choose the country where you live."))])
    origin_country = CountryField(_l("Country you come from (optional)"), none_label=_l("Prefer not to say"),
                                  validators=[Optional()])
    self_description = StringField(_l("Describe yourself in a few words (optional)"), filters=[clean_text],
                                   description=_l("For example: domestic worker, seasonal worker, family member "
                                                  "of a migrant. Shown with your input."),
                                   validators=[Optional(), Length(max=120)])
    name = StringField(_l("Your name (optional)"), filters=[clean_text],
                       description=_l("Shown only on input you choose to send with your name. Your email "
                                      "address is never shown."),
                       validators=[Optional(), Length(max=200)])

    def values(self) -> dict:
        return {key: self[key].data for key in ("name", "country", "origin_country", "self_description")}


class WithdrawForm(BaseForm):
    lock_version = HiddenField()
