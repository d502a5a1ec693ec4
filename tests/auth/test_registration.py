import time

import itsdangerous.timed
import pytest
from sqlalchemy import func, select

from consult import db
from consult.auth import services
from consult.auth.models import User
from tests.auth.helpers import fresh, csrf_token, link_in, outbox, post_form

GOOD = {"name": "Amina Diallo", "email": "amina@ngo.example", "password": "violet kettle umbrella march",
        "confirm": "violet kettle umbrella march"}


def register(client, **changes):
    return post_form(client, "/register", {**GOOD, **changes})


def users_count() -> int:
    fresh()
    return db.session.scalar(select(func.count()).select_from(User))


def test_registration_sends_a_confirmation_link_that_confirms_the_address(client):
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"] == "/check-inbox/registered"
    assert "Check your inbox" in client.get("/check-inbox/registered").get_data(as_text=True)
    user = services.find_by_email("amina@ngo.example")
    assert user.name == "Amina Diallo" and user.email_confirmed_at is None
    [message] = outbox("amina@ngo.example")
    assert message.subject == "Confirm your email address"

    response = client.get(link_in(message))
    assert response.status_code == 302
    fresh()
    assert db.session.get(User, user.id).email_confirmed_at is not None
    # Following the link again does no harm and says so.
    client.get(link_in(message))
    assert "already confirmed" in client.get("/login").get_data(as_text=True)


def test_an_existing_address_gets_the_same_page_and_its_owner_an_email(client, make, monkeypatch):
    make.user(email="amina@ngo.example", name="The Real Amina")
    db.session.commit()
    hashed = []
    real_hash = services.hash_password
    monkeypatch.setattr(services, "hash_password", lambda p: hashed.append(p) or real_hash(p))

    response = register(client, email="Amina@NGO.example", name="Someone Else")
    assert response.status_code == 302 and response.headers["Location"] == "/check-inbox/registered"
    assert users_count() == 1
    assert hashed == [GOOD["password"]]  # the same work as a new account: similar timing
    [message] = outbox("amina@ngo.example")
    assert message.subject == "You already have an account"
    assert "The Real Amina" in message.body and "/reset" in message.body

    hashed.clear()
    register(client, email="new@ngo.example")
    assert hashed == [GOOD["password"]]


@pytest.mark.parametrize("changes, field, message", [
    ({"name": "", "email": "", "password": "", "confirm": ""}, "name", "Enter your name."),
    ({"name": "x" * 10_000}, "name", "Use at most 200 characters."),
    ({"email": "not-an-address"}, "email", "Enter an email address like name@example.org."),
    ({"email": "two@@ngo.example"}, "email", "Enter an email address like name@example.org."),
    ({"confirm": "violet kettle umbrella april"}, "confirm", "The two passwords are not the same."),
    ({"password": "qwertyuiop", "confirm": "qwertyuiop"}, "password", "one of the most common"),
    ({"password": "short one", "confirm": "short one"}, "password", "Use at least 10 characters."),
    ({"password": "y" * 257, "confirm": "y" * 257}, "password", "Use at most 256 characters."),
])
def test_bad_input_is_sent_back_with_a_message_and_the_values_kept(client, changes, field, message):
    response = register(client, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and f'href="#{field}"' in html
    assert message in html
    if changes.get("email", GOOD["email"]) and "@@" not in changes.get("email", ""):
        assert changes.get("email", GOOD["email"]) in html  # what was typed is still there
    assert 'value="violet kettle' not in html  # passwords are never sent back
    assert users_count() == 0 and outbox() == []


def test_empty_fields_are_all_named(client):
    html = register(client, name="", email="", password="", confirm="").get_data(as_text=True)
    for field in ("name", "email", "password", "confirm"):
        assert f'href="#{field}"' in html


def test_a_post_without_or_with_a_stale_csrf_token_keeps_the_values(app, client):
    response = client.post("/register", data=GOOD)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your session expired" in html and 'value="amina@ngo.example"' in html and 'value="Amina Diallo"' in html

    other_session_token = csrf_token(app.test_client(), "/register")
    response = client.post("/register", data={**GOOD, "csrf_token": other_session_token})
    assert response.status_code == 422 and "Your session expired" in response.get_data(as_text=True)
    assert users_count() == 0


def test_a_wrong_or_expired_confirmation_link_explains_what_to_do(client, monkeypatch):
    register(client)
    [message] = outbox()
    link = link_in(message)
    response = client.get(link[:-3] + "xyz")
    assert response.status_code == 400 and "This link does not work" in response.get_data(as_text=True)

    class EightDaysLater:
        @staticmethod
        def time():
            return time.time() + 8 * 24 * 3600

    monkeypatch.setattr(itsdangerous.timed, "time", EightDaysLater)
    assert client.get(link).status_code == 400
    assert services.find_by_email("amina@ngo.example").email_confirmed_at is None


def test_a_logged_in_person_is_sent_to_their_account(client, make):
    from tests.conftest import login
    login(client, make.user())
    db.session.commit()
    assert client.get("/register").headers["Location"] == "/account"


def test_in_development_the_inbox_page_says_where_the_unsent_email_is(app, client):
    page = client.get("/check-inbox/registered").get_data(as_text=True)
    assert "make run" in page and "mail outbox" in page
    app.config["MAIL_BACKEND"] = "smtp"
    assert "mail outbox" not in client.get("/check-inbox/registered").get_data(as_text=True)
