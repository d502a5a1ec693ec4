from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from consult.forms import BaseForm, LongSelectField
from consult.organisations.countries import country_choices
from consult.organisations.models import StakeholderGroup


def _group_choices():
    return [SelectChoice("", _l("Choose a stakeholder group"))] + [SelectChoice(g.value, g.label) for g in StakeholderGroup.of_organisations()]


class CountryField(LongSelectField):
    """A country from the list in the reader's language; the first option, with no value,
    says what choosing none means ("Choose a country", "Prefer not to say")."""

    def __init__(self, label=None, validators=None, *, none_label, **kwargs):
        super().__init__(label, validators, choices=lambda: [SelectChoice("", none_label)] + [
            SelectChoice(code, name) for code, name in country_choices()], **kwargs)


def web_address(form, field) -> None:
    value = (field.data or "").strip()
    if not value:
        field.data = None
        return
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or "") or " " in value:
        raise ValidationError(_l("Enter a web address like https://example.org."))
    field.data = value


class OrganisationForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the organisation's name.")),
                                               Length(max=200, message=_l("Use at most %(max)d characters."))],
                       render_kw={"autocomplete": "organization"})
    acronym = StringField(_l("Acronym (optional)"), validators=[Optional(), Length(max=30, message=_l("Use at most %(max)d characters."))])
    stakeholder_group = SelectField(_l("Stakeholder group"), choices=_group_choices,
                                    validators=[DataRequired(_l("Choose a stakeholder group."))])
    country = CountryField(_l("Country"), none_label=_l("Choose a country"),
                           validators=[DataRequired(_l("Choose the country where the organisation is based."))])
    website = StringField(_l("Website (optional)"), validators=[Length(max=300, message=_l("Use at most %(max)d characters.")), web_address],
                          render_kw={"autocomplete": "url"})
    description = TextAreaField(_l("What the organisation does (optional)"),
                                validators=[Optional(), Length(max=5000, message=_l("Use at most %(max)d characters."))])
    registry_number = StringField(
        _l("Registration number (optional)"),
        validators=[Optional(), Length(max=100, message=_l("Use at most %(max)d characters."))])


class CreateOrganisationForm(OrganisationForm):
    not_a_duplicate = BooleanField(_l("None of the organisations listed above is mine: create a new one"))


class MemberActionForm(BaseForm):
    action = HiddenField(validators=[DataRequired()])


class VerificationForm(BaseForm):
    verified = SelectField(_l("Decision"), choices=[SelectChoice("yes", _l("Verified")), SelectChoice("no", _l("Not verified"))])
    note = TextAreaField(_l("Note (how you checked; kept in the audit trail)"), validators=[
        DataRequired(_l("Say how you checked the organisation.")),
        Length(max=2000, message=_l("Use at most %(max)d characters."))])
