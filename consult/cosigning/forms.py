"""The lead's form: find a registered organisation by its name, pick it, add a message."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from consult.cosigning.services import MESSAGE_LIMIT
from consult.forms import BaseForm
from consult.organisations.countries import country_name


class InviteForm(BaseForm):
    # The search the choices came from (the search itself is a GET form above this one).
    query = HiddenField(validators=[Optional(), Length(max=200)])
    # Offered from the search above; the service checks that the one chosen may be invited.
    organisation = RadioField(_l("Organisation to invite"), coerce=int, validate_choice=False,
                              validators=[InputRequired(_l("Find the organisation by its name, then choose it."))])
    message = TextAreaField(_l("Message to its members (optional)"), render_kw={"rows": 4},
                            validators=[Optional(), Length(max=MESSAGE_LIMIT)])

    def offer(self, organisations) -> None:
        """The organisations found, to choose from (the one already chosen kept on top)."""
        self.organisation.choices = [SelectChoice(o.id, picker_label(o)) for o in organisations]


def picker_label(org) -> str:
    """"Migrant Workers Union (MWU) — Trade union, Kenya": enough to tell namesakes apart."""
    where = [org.stakeholder_group.label] + ([country_name(org.country)] if org.country else [])
    return f"{org.display_name} — {', '.join(where)}"
