"""The base form: WTForms with session-bound CSRF, fed from the current request."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, request, session
from werkzeug.datastructures import CombinedMultiDict
from markupsafe import escape
from wtforms import Form, SelectField, SelectMultipleField
from wtforms.csrf.session import SessionCSRF
from wtforms.widgets import CheckboxInput, ListWidget, Select

from consult.i18n import current_locale

_FROM_REQUEST = object()


class BaseForm(Form):
    class Meta:
        csrf = True
        csrf_class = SessionCSRF
        csrf_field_name = "csrf_token"

        @property
        def csrf_secret(self) -> bytes:
            return current_app.config["SECRET_KEY"].encode()

        @property
        def csrf_time_limit(self) -> timedelta:
            return timedelta(minutes=current_app.config["CSRF_TIME_LIMIT_MINUTES"])

        @property
        def csrf_context(self):
            return session

        @property
        def locales(self) -> tuple[str, ...]:
            # WTForms' own messages ("Not a valid choice.") in the reader's language.
            return (current_locale(),)

    def __init__(self, formdata=_FROM_REQUEST, **kwargs):
        if formdata is _FROM_REQUEST:
            formdata = CombinedMultiDict((request.files, request.form)) if request.method == "POST" else None
        super().__init__(formdata=formdata, **kwargs)

    def validate_on_submit(self) -> bool:
        return request.method == "POST" and self.validate()

    @property
    def csrf_failed(self) -> bool:
        """The token was missing or stale (an expired session, a form left open overnight):
        the values the person typed are still in the form and are shown again."""
        return bool(self.meta.csrf and self.errors.get("csrf_token"))

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary at the top of the page."""
        items = []
        for field in self:
            for message in field.errors:
                if field.name != "csrf_token":
                    items.append((field.id, f"{field.label.text}: {message}"))
        return items


class MultiCheckboxField(SelectMultipleField):
    """Several choices, each a checkbox in a list."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class _LongSelect(Select):
    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = " selected" if choice.selected else ""
        return f'<option{selected} value="{escape(value)}">{escape(choice.label or value)}</option>'


class LongSelectField(SelectField):
    """A list of hundreds of options (countries, time zones). WTForms writes each option
    through its keyword formatting, 12 ms for 250 countries on every page showing the list;
    a plain option is written directly here, the same HTML in a quarter of the time."""
    widget = _LongSelect()
