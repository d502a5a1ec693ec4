import time

import itsdangerous.timed

from consult import db
from consult.auth.models import User
from tests.auth.helpers import fresh, link_in, outbox, post_form
from tests.factories import PASSWORD

NEW = "violet kettle umbrella march"


def ask_for_reset(client, email="officer@ngo.example"):
    return post_form(client, "/reset", {"email": email})


def test_reset_by_emailed_link_ends_every_session_and_works_once(app, make):
    user = make.user(email="officer@ngo.example")
    db.session.commit()
    elsewhere = app.test_client()
    post_form(elsewhere, "/login", {"email": "officer@ngo.example", "password": PASSWORD})
    assert elsewhere.get("/account").status_code == 200

    client = app.test_client()
    response = ask_for_reset(client, "Officer@ngo.example")
    assert response.headers["Location"] == "/check-inbox/reset"
    [message] = outbox("officer@ngo.example")
    link = link_in(message)
    assert client.get(link).status_code == 200
    response = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert response.status_code == 302 and response.headers["Location"] == "/login"

    assert elsewhere.get("/account").status_code == 302  # the saved session no longer works
    assert post_form(client, "/login", {"email": "officer@ngo.example", "password": PASSWORD}).status_code == 422
    assert post_form(client, "/login", {"email": "officer@ngo.example", "password": NEW}).status_code == 302
    fresh()
    assert db.session.get(User, user.id).session_version == 2

    reused = app.test_client().get(link)
    assert reused.status_code == 400 and "already been used" in reused.get_data(as_text=True)


def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    response = ask_for_reset(client, "nobody@ngo.example")
    assert response.status_code == 302 and response.headers["Location"] == "/check-inbox/reset"
    assert outbox() == []


def test_bad_new_passwords_keep_the_link_usable(client, make):
    make.user(email="officer@ngo.example")
    db.session.commit()
    ask_for_reset(client)
    link = link_in(outbox()[0])
    for password, confirm, message in [("qwertyuiop", "qwertyuiop", "one of the most common"),
                                        (NEW, NEW + "!", "The two passwords are not the same."),
                                        ("", "", "Choose a password.")]:
        response = post_form(client, link, {"password": password, "confirm": confirm})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert post_form(client, link, {"password": NEW, "confirm": NEW}).status_code == 302


def test_a_wrong_or_expired_reset_link_is_refused(client, make, monkeypatch):
    make.user(email="officer@ngo.example")
    db.session.commit()
    ask_for_reset(client)
    link = link_in(outbox()[0])
    assert client.get("/reset/not-a-token").status_code == 400
    assert client.get(link.replace(".", "x", 1)).status_code == 400

    class TwoHoursLater:
        @staticmethod
        def time():
            return time.time() + 2 * 3600

    monkeypatch.setattr(itsdangerous.timed, "time", TwoHoursLater)
    response = post_form(client, link, {"password": NEW, "confirm": NEW}, form_url="/reset")
    assert response.status_code == 400 and "has expired" in response.get_data(as_text=True)


def test_bad_email_on_the_reset_form(client):
    for email, message in [("", "Enter your email address."), ("nobody", "Enter an email address like")]:
        response = ask_for_reset(client, email)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
