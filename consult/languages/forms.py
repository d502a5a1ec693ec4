from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired

from consult.forms import BaseForm


class LanguageForm(BaseForm):
    """One submit button per language (``name="lang"``): one click, no JavaScript."""

    lang = StringField(_l("Language"), validators=[DataRequired()])
    next = HiddenField()

    def __init__(self, *args, locales: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.lang.validators = [DataRequired(), AnyOf(locales, message=_l("That language is not available."))]
