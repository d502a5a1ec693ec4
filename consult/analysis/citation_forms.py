"""The form that cites tagged passages (F1's ``forms.py`` holds the codebook's and tagging's)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from consult.forms import BaseForm
from consult.outcomes.forms import MultiCheckboxField


class CiteForm(BaseForm):
    tags = MultiCheckboxField(_l("Passages to cite"), coerce=int, choices=[])

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tags.choices = [SelectChoice(t.id, t.submission.reference) for t in tags]
