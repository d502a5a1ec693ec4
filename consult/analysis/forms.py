"""Forms of the analysis: starting the codebook, its themes, the library, tags."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from consult.analysis import library
from consult.analysis.models import CodebookOrigin, Stance
from consult.forms import BaseForm, MultiCheckboxField


def library_choices() -> list[SelectChoice]:
    return [SelectChoice(t.key, t.title) for t in library.THEMES]


class StartForm(BaseForm):
    origin = RadioField(_l("Start from"), choices=lambda: [SelectChoice(o.value, o.label) for o in CodebookOrigin],
                        validators=[InputRequired(_l("Choose where the codebook starts from."))])


class LibraryForm(BaseForm):
    themes = MultiCheckboxField(_l("Themes of the library"), choices=library_choices)


class ThemeForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the theme a title.")), Length(max=200)])
    description = TextAreaField(_l("Description (optional)"), validators=[Optional(), Length(max=5000)],
                                render_kw={"rows": 4})
    # Only top-level themes are offered; any theme of the codebook is accepted here, so that
    # the service can say why a sub-theme cannot hold sub-themes rather than "not a valid choice".
    parent = SelectField(_l("Place"), choices=[], default="", validate_choice=False)

    def __init__(self, *args, parents=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parent.choices = [SelectChoice("", str(_l("A theme of its own (top level)")))] + [
            SelectChoice(str(t.id), str(_l("A sub-theme of “%(title)s”", title=t.title))) for t in parents]
        self._theme_ids = {str(t.id) for t in themes}

    def validate_parent(self, field) -> None:
        if field.data and field.data not in self._theme_ids:
            raise ValidationError(_l("Choose a theme of this round's codebook."))


def stance_choices() -> list[SelectChoice]:
    return [SelectChoice(s.value, s.label) for s in Stance]


class TagFields(BaseForm):
    """What a tag says of its passage: shared by the new-tag form and the edit form."""

    theme = SelectField(_l("Theme"), choices=[], validate_choice=True,
                        validators=[InputRequired(_l("Choose a theme."))])
    stance = RadioField(_l("Stance"), choices=stance_choices, default=Stance.NEUTRAL.value,
                        validators=[InputRequired(_l("Choose a stance."))])
    recommendation = SelectField(_l("Towards a draft recommendation (optional)"), choices=[], default="",
                                 validate_choice=True)
    note = TextAreaField(_l("Note for other analysts (optional)"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 2})

    def __init__(self, *args, themes=(), recommendations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [SelectChoice(str(t.id), ("— " if t.parent_id else "") + t.title) for t in themes]
        self.recommendation.choices = [SelectChoice("", str(_l("The theme itself")))] + [
            SelectChoice(str(r.id), f"{r.code} — {r.text[:100]}") for r in recommendations]


class TagForm(TagFields):
    # "" (the whole submission) is a choice of its own, so no InputRequired here.
    part = SelectField(_l("Part of the submission"), choices=[], default="", validate_choice=True)
    passage = TextAreaField(
        _l("Passage"), validators=[Optional(), Length(max=10_000)], render_kw={"rows": 4},
        description=_l("Select it in the text above, or copy it here exactly as it appears."),
    )

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.part.choices = [SelectChoice("", str(_l("The whole submission")))] + [
            SelectChoice(p.key, p.label) for p in parts]
