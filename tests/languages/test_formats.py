"""Dates, numbers, validation messages and emails in the reader's language."""
from datetime import UTC, datetime

from flask_babel import force_locale
from sqlalchemy import select
from wtforms import IntegerField
from wtforms.validators import NumberRange

from consult import db, mail
from consult.dates import full_datetime
from consult.forms import BaseForm
from consult.mail import OutgoingMail

DEADLINE = datetime(2026, 12, 12, 22, 59, tzinfo=UTC)  # 23:59 in Paris


def formatted(app, locale: str, render) -> str:
    with app.test_request_context(), force_locale(locale):
        return render()


def test_a_deadline_reads_naturally_in_each_language(app):
    def deadline():
        return full_datetime(DEADLINE, "Europe/Paris")

    assert formatted(app, "en", deadline) == "12 December 2026, 23:59 CET"
    assert formatted(app, "fr", deadline) == "12 décembre 2026, 23:59 CET"
    assert formatted(app, "es", deadline) == "12 de diciembre de 2026, 23:59 CET"
    assert formatted(app, "ar", deadline).endswith("2026، 23:59 CET")  # Arabic comma, from Babel's data


def test_numbers_follow_the_locale(app):
    number = app.jinja_env.filters["number"]
    assert formatted(app, "en", lambda: number(12345.5)) == "12,345.5"
    assert formatted(app, "fr", lambda: number(12345.5)) == "12\u202f345,5"
    assert formatted(app, "es", lambda: number(12345.5)) == "12.345,5"


def test_the_time_left_is_said_in_the_readers_language(app):
    from consult.dates import deadline_words

    now = datetime(2026, 12, 9, 22, 59, tzinfo=UTC)
    assert formatted(app, "en", lambda: deadline_words(DEADLINE, now)) == "closes in 3 days"
    assert formatted(app, "fr", lambda: deadline_words(DEADLINE, now)) == "clôture dans 3\u00a0jours"
    assert formatted(app, "es", lambda: deadline_words(DEADLINE, now)) == "cierra dentro de 3 días"


class CountForm(BaseForm):
    count = IntegerField("Count", validators=[NumberRange(min=1, max=10)])


def test_wtforms_own_messages_are_translated(app):
    def errors():
        form = CountForm(formdata=None, meta={"csrf": False})
        form.process(data={"count": 42})
        form.validate()
        return form.count.errors[0]

    assert formatted(app, "en", errors) == "Number must be between 1 and 10."
    assert formatted(app, "fr", errors) == "Le nombre doit être compris entre 1 et 10."
    assert formatted(app, "es", errors) == "El número debe estar entre 1 y 10."


def test_a_french_visitor_sees_the_csrf_message_in_french(client):
    response = client.post("/login", data={"email": "a@b.example", "password": "x"}, headers={"Accept-Language": "fr"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Il y a un problème" in html
    assert "Votre session a expiré" in html


def test_an_email_is_written_in_its_readers_language(app):
    from flask_babel import lazy_gettext as _l

    with app.test_request_context(headers={"Accept-Language": "en"}):
        mail.queue("officer@ngo.example", _l("Log in"), "test_message", locale="es", name="Amina", platform_name="Consult")
        mail.queue("convener@gov.example", _l("Log in"), "test_message", name="Jean", platform_name="Consult")
        db.session.commit()
    spanish, english = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()
    assert spanish.subject == "Iniciar sesión"
    assert spanish.body.startswith("Hola, Amina:\n\nEste es un mensaje de Consult.")
    assert english.subject == "Log in"
    assert english.body.startswith("Hello Jean,")
