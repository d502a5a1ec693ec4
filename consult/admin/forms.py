from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from consult.forms import BaseForm
from consult.security import Role


def _role_choices():
    return [SelectChoice(r.value, r.value.capitalize()) for r in Role if r != Role.MEMBER]


class RolesForm(BaseForm):
    roles = SelectMultipleField(_l("Roles"), choices=_role_choices, validate_choice=True,
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class ActiveForm(BaseForm):
    reason = TextAreaField(_l("Reason (kept in the audit trail)"),
                           validators=[Length(max=2000, message=_l("Use at most %(max)d characters."))])
