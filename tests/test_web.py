"""The request spine: a refused service leaves nothing behind and the person sees why, with
what they typed; an accepted one is committed once."""
from __future__ import annotations

from functools import partial

import pytest
from flask import Blueprint, redirect, render_template_string
from sqlalchemy import func, select
from wtforms import StringField

from consult import db
from consult.forms import BaseForm
from consult.mail import OutgoingMail
from consult.web import Refused, button_or_400, commit_or_422, commit_or_back, form_status

PAGE = """{% for m in form.form_errors %}<p class=top>{{ m }}</p>{% endfor %}
<input name=subject value="{{ form.subject.data or '' }}">{% for m in form.subject.errors %}<p class=field>{{ m }}</p>{% endfor %}
{% for m in get_flashed_messages() %}<p class=flash>{{ m }}</p>{% endfor %}"""


class NoteForm(BaseForm):
    subject = StringField()


def write_note(subject: str) -> OutgoingMail:
    note = OutgoingMail(to_address="someone@example.org", subject=subject, body="")
    db.session.add(note)
    db.session.flush()
    if subject == "taken":
        raise Refused("That subject is taken.", field="subject")
    if subject == "closed":
        raise Refused("Notes are closed.")
    return note


@pytest.fixture()
def spine_client(app):
    bp = Blueprint("spine_test", __name__)

    @bp.route("/note", methods=["GET", "POST"])
    def note():
        form = NoteForm(meta={"csrf": False})
        page = partial(lambda f, status: (render_template_string(PAGE, form=f), status), form)
        if not form.validate_on_submit():
            return page(form_status())
        commit_or_422(page, write_note, form.subject.data, form=form)
        return redirect("/done", code=303)

    @bp.post("/note-button/<subject>")
    def note_button(subject: str):
        commit_or_back(write_note, subject, back="/note")
        return redirect("/done", code=303)

    @bp.post("/stale-button")
    def stale_button():
        button_or_400()
        return "pressed"

    app.register_blueprint(bp)
    return app.test_client()


def notes() -> int:
    return db.session.scalar(select(func.count()).select_from(OutgoingMail))


def test_an_accepted_form_is_committed_and_redirected(spine_client):
    response = spine_client.post("/note", data={"subject": "fees"})
    assert response.status_code == 303
    db.session.remove()
    assert notes() == 1


def test_a_refusal_about_a_field_is_shown_at_it_with_what_was_typed_and_nothing_is_kept(spine_client):
    response = spine_client.post("/note", data={"subject": "taken"})
    assert response.status_code == 422
    assert b'<p class=field>That subject is taken.</p>' in response.data
    assert b'value="taken"' in response.data
    db.session.remove()
    assert notes() == 0


def test_a_refusal_about_the_whole_form_is_shown_at_the_top(spine_client):
    response = spine_client.post("/note", data={"subject": "closed"})
    assert response.status_code == 422
    assert b"<p class=top>Notes are closed.</p>" in response.data


def test_a_refused_button_goes_back_with_the_message_and_keeps_nothing(spine_client):
    response = spine_client.post("/note-button/closed", follow_redirects=True)
    assert response.request.path == "/note"
    assert b"<p class=flash>Notes are closed.</p>" in response.data
    db.session.remove()
    assert notes() == 0


def test_a_button_without_its_token_gets_the_400_page(spine_client):
    assert spine_client.post("/stale-button").status_code == 400
