from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from consult.forms import BaseForm


class LoginForm(BaseForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class LogoutForm(BaseForm):
    pass
