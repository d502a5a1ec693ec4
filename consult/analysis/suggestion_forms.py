"""The form of one suggestion: the passage it names, a stance, and the analyst's decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Regexp

from consult.analysis.models import Stance
from consult.forms import BaseForm

PART = r"^(summary|letter|answer:\d{1,12}|attachment:\d{1,12})$"


class SuggestionForm(BaseForm):
    # The passage travels in hidden fields, exactly as it was suggested; the service checks
    # that the submission's text still holds it.
    submission = IntegerField(_l("Submission"), validators=[
        InputRequired(_l("The suggestion names no submission.")), NumberRange(min=1, max=2**31 - 1)])
    part = HiddenField(_l("Part"), validators=[
        InputRequired(_l("The suggestion names no part of the submission.")), Regexp(PART)])
    passage = HiddenField(_l("Passage"), validators=[
        InputRequired(_l("The suggestion names no passage.")), Length(max=5000)])
    stance = SelectField(_l("Stance"), choices=[SelectChoice(s.value, s.label) for s in Stance],
                         default=Stance.NEUTRAL.value)
    decision = SelectField(_l("Decision"), choices=[SelectChoice("confirm", _l("Confirm")),
                                                         SelectChoice("dismiss", _l("Dismiss"))],
                           validators=[InputRequired(_l("Choose Confirm or Dismiss."))])
