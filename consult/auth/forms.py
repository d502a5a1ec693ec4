import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from consult.auth.passwords import MAX_LENGTH, MIN_LENGTH, is_common
from consult.forms import BaseForm


class LoginForm(BaseForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


def new_password(form, field) -> None:
    """10 to 256 characters, no composition rules, not one of the commonest passwords."""
    value = field.data or ""
    if len(value) < MIN_LENGTH:
        raise ValidationError(_l("Use at least %(n)s characters. A few unrelated words make a good password.", n=MIN_LENGTH))
    if len(value) > MAX_LENGTH:
        raise ValidationError(_l("Use at most %(n)s characters.", n=MAX_LENGTH))
    if is_common(value):
        raise ValidationError(_l("This password is one of the most common ones and easy to guess. Choose another."))


# One @, something before it, a dotted domain after it, no spaces: enough to catch typing
# mistakes; the confirmation email proves the rest.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def email_address(form, field) -> None:
    field.data = (field.data or "").strip()
    if not _EMAIL.match(field.data):
        raise ValidationError(_l("Enter an email address like name@example.org."))


def email_field(label=None):
    return EmailField(label or _l("Email address"), validators=[
        DataRequired(_l("Enter your email address.")),
        Length(max=254, message=_l("An email address has at most 254 characters.")),
        email_address,
    ], render_kw={"autocomplete": "email"})


def name_field():
    return StringField(_l("Your name"), validators=[
        DataRequired(_l("Enter your name.")),
        Length(max=200, message=_l("Use at most %(max)d characters.")),
    ], render_kw={"autocomplete": "name"})


def new_password_fields():
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Choose a password.")), new_password],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Password again"), validators=[
        DataRequired(_l("Type the password again.")),
        EqualTo("password", message=_l("The two passwords are not the same.")),
    ], render_kw={"autocomplete": "new-password"})
    return password, confirm


class RegisterForm(BaseForm):
    name = name_field()
    email = email_field()
    password, confirm = new_password_fields()


class EmailOnlyForm(BaseForm):
    email = email_field()


class ResetPasswordForm(BaseForm):
    password, confirm = new_password_fields()
