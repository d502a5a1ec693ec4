"""The forms of a person's own account pages."""
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from consult.auth.forms import email_field, name_field, new_password_fields
from consult.forms import BaseForm
from consult.i18n import KNOWN_LOCALES, LANGUAGE_NAMES


def current_password_field(label=_l("Current password"), message=_l("Enter your current password.")):
    """The password of the person changing their account: a change needs it."""
    return PasswordField(label, validators=[DataRequired(message), Length(max=256)],
                         render_kw={"autocomplete": "current-password"})


def language_choices():
    return [SelectChoice(code, LANGUAGE_NAMES[code]) for code in KNOWN_LOCALES]


class ChangePasswordForm(BaseForm):
    current_password = current_password_field()
    password, confirm = new_password_fields()


class ChangeEmailForm(BaseForm):
    email = email_field(_l("New email address"))
    current_password = current_password_field()


class ProfileForm(BaseForm):
    name = name_field()
    preferred_language = SelectField(_l("Preferred language"), choices=language_choices,
                                     validate_choice=True)


class DeleteAccountForm(BaseForm):
    current_password = current_password_field(_l("Your password"), _l("Enter your password to confirm."))
