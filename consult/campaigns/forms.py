"""The campaign page's decision form: publish or reject every letter awaiting a decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from consult.campaigns.services import CAMPAIGN_ACTIONS
from consult.forms import BaseForm
from consult.moderation.models import Decision
from consult.moderation.services import rejection_reasons
from consult.submissions.states import Action


class CampaignDecisionForm(BaseForm):
    action = RadioField(_l("Decision for every letter awaiting one"),
                        validators=[InputRequired(_l("Choose a decision."))])
    reason_code = SelectField(_l("Reason for rejection"), validate_choice=False)
    message = TextAreaField(
        _l("Message to the senders (optional)"), validators=[Length(max=5000)],
        description=_l("Emailed to each sender with the decision."),
    )
    # Which letters, at which versions, the page showed: a decision on another set is refused.
    fingerprint = HiddenField(validators=[InputRequired(_l("The form is incomplete; reload the page."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [(a.value, Decision(a).label) for a in CAMPAIGN_ACTIONS]
        self.reason_code.choices = [("", _l("Choose a reason"))] + [(r, r) for r in rejection_reasons()]

    def validate_reason_code(self, field):
        if self.action.data == Action.REJECT.value and field.data not in rejection_reasons():
            raise ValidationError(_l("Choose a reason for the rejection."))
