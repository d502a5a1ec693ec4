"""Forms of the outcome: session summaries, recommendations, follow-up updates, rights."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.fields.choices import SelectChoice

from consult.forms import BaseForm, MultiCheckboxField
from consult.outcomes.states import Addressee, RecommendationStatus, allowed_next


def syntheses_form(sessions, outcome, formdata=None):
    """One Markdown text area per thematic session, prefilled with the current summaries."""

    class SynthesesForm(BaseForm):
        pass

    for session in sessions:
        setattr(SynthesesForm, f"session_{session.id}", TextAreaField(
            session.title, validators=[Length(max=50_000)], render_kw={"rows": 10},
        ))
    data = {}
    if outcome is not None:
        data = {f"session_{s.session_id}": s.text for s in outcome.syntheses}
    form = SynthesesForm(data=data) if formdata is None else SynthesesForm(formdata=formdata)
    return form


class RecommendationForm(BaseForm):
    text = TextAreaField(_l("Recommendation"), validators=[
        DataRequired(_l("Write the recommendation.")), Length(max=4000)], render_kw={"rows": 5})
    session = SelectField(_l("Session it comes from"), choices=[], default="", validate_choice=True)
    addressee = RadioField(_l("Addressed to"), choices=lambda: [SelectChoice(a.value, a.label) for a in Addressee],
                           validators=[DataRequired(_l("Choose to whom it is addressed."))])
    addressee_name = StringField(_l("Name of the body"), validators=[Optional(), Length(max=200)])
    theme = StringField(_l("Theme tag (optional)"), validators=[Optional(), Length(max=80)])
    support = MultiCheckboxField(_l("Supporting published input"), coerce=int, choices=[])
    cites = MultiCheckboxField(_l("Forwarded recommendations it builds on"), coerce=int, choices=[])
    support_query = StringField(_l("Find published input by title words or reference"),
                                validators=[Optional(), Length(max=200)])

    def __init__(self, *args, sessions=(), submissions=(), forwarded=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.session.choices = [SelectChoice("", str(_l("The round as a whole")))] + [
            SelectChoice(str(s.id), s.title) for s in sessions]
        self.support.choices = [SelectChoice(s.id, f"{s.reference} — {s.title}") for s in submissions]
        self.cites.choices = [SelectChoice(r.id, f"{r.code} — {r.text[:120]}") for r in forwarded]

    def validate_addressee_name(self, field) -> None:
        if self.addressee.data == Addressee.NAMED_BODY.value and not (field.data or "").strip():
            raise ValidationError(_l("Name the body this recommendation is addressed to."))


def http_url(form, field) -> None:
    if field.data:
        parts = urlsplit(field.data.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError(_l("Give a full web address starting with https:// or http://."))


class UpdateForm(BaseForm):
    status = RadioField(_l("Status"), validators=[DataRequired(_l("Choose the status."))])
    text = TextAreaField(_l("What happened"), validators=[
        DataRequired(_l("Say what happened, even briefly.")), Length(max=5000)], render_kw={"rows": 6})
    evidence_url = StringField(_l("Link to evidence (optional)"), validators=[Optional(), Length(max=500), http_url],
                               render_kw={"inputmode": "url"})

    def __init__(self, *args, current: RecommendationStatus, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice(s.value, s.label) for s in allowed_next(current)]
        if self.status.data is None:
            self.status.data = current.value


class GrantForm(BaseForm):
    organisation = SelectField(_l("Organisation"), coerce=int, validate_choice=True,
                               validators=[DataRequired(_l("Choose an organisation."))])

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [SelectChoice(0, str(_l("Choose…")))] + [
            SelectChoice(o.id, o.display_name) for o in organisations]
