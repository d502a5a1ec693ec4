"""What templates may call: formatting helpers, never decisions."""
from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal, get_locale
from wtforms.widgets import Select

from consult import dates
from consult.i18n import language_name, text_direction
from consult.links import public_url_for
from consult.text import render_markdown
from consult.web import ButtonForm


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["full_datetime"] = dates.full_datetime
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.globals["deadline_words"] = dates.deadline_words
    app.jinja_env.globals["language_name"] = language_name
    app.jinja_env.globals["text_direction"] = text_direction
    app.jinja_env.globals["public_url_for"] = public_url_for
    # A list of one choice whose first option is a real value (a country, a time zone) may not
    # carry `required` in HTML; the form's own refusal says what is missing instead.
    app.jinja_env.tests["single_select"] = lambda field: isinstance(field.widget, Select) and not field.widget.multiple

    app.jinja_env.globals["logout_csrf_token"] = lambda: ButtonForm(formdata=None).csrf_token.current_token

    @app.context_processor
    def _page_context():
        locale = str(get_locale() or "en")
        return {
            "platform_name": app.config["PLATFORM_NAME"],
            "page_lang": locale.replace("_", "-"),
            "page_dir": text_direction(locale),
        }
