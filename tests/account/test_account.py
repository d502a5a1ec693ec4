import json

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.auth.models import User
from consult.organisations.models import Membership, MembershipRole
from consult.submissions.models import Submission
from tests.auth.helpers import fresh, link_in, outbox, post_form
from tests.conftest import login
from tests.factories import PASSWORD

NEW = "violet kettle umbrella march"


def logged_in_client(app, user, remember=False):
    client = app.test_client()
    post_form(client, "/login", {"email": user.email, "password": PASSWORD, **({"remember": "y"} if remember else {})})
    return client


def test_changing_the_password_ends_every_other_session_but_this_one(app, make):
    user = make.user(email="officer@ngo.example")
    db.session.commit()
    here, elsewhere = logged_in_client(app, user), logged_in_client(app, user, remember=True)
    saved_cookies = {c.key: c.value for c in elsewhere._cookies.values()}
    assert "remember_token" in saved_cookies

    wrong = post_form(here, "/account/password", {"current_password": "not it at all", "password": NEW, "confirm": NEW})
    assert wrong.status_code == 422 and "This is not your current password." in wrong.get_data(as_text=True)

    response = post_form(here, "/account/password", {"current_password": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
    replay = app.test_client()  # the cookies saved before the change, session and remember-me alike
    for key, value in saved_cookies.items():
        replay.set_cookie(key, value)
    assert replay.get("/account").status_code == 302
    assert outbox("officer@ngo.example")[-1].subject == "Your password was changed"


def test_bad_new_passwords_on_the_change_form(app, make):
    user = make.user()
    db.session.commit()
    client = logged_in_client(app, user)
    for password, confirm, message in [("qwertyuiop", "qwertyuiop", "one of the most common"),
                                        (NEW, "something else entirely", "The two passwords are not the same."),
                                        ("", "", "Choose a password.")]:
        response = post_form(client, "/account/password", {"current_password": PASSWORD, "password": password, "confirm": confirm})
        assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_changing_the_email_address_needs_the_new_address_confirmed(app, make):
    user = make.user(email="old@ngo.example")
    db.session.commit()
    client = logged_in_client(app, user)
    response = post_form(client, "/account/email", {"email": "New@NGO.example", "current_password": PASSWORD})
    assert response.status_code == 302
    fresh()
    assert db.session.get(User, user.id).email == "old@ngo.example"  # not yet
    [message] = outbox("new@ngo.example")
    link = link_in(message)
    assert client.get(link).status_code == 302
    fresh()
    assert db.session.get(User, user.id).email == "new@ngo.example"
    assert outbox("old@ngo.example")[-1].subject == "Your email address was changed"
    assert client.get(link).status_code == 400  # used once


def test_changing_to_a_taken_address_tells_its_owner_not_the_asker(app, make):
    user = make.user(email="me@ngo.example")
    make.user(email="taken@ngo.example")
    db.session.commit()
    client = logged_in_client(app, user)
    response = post_form(client, "/account/email", {"email": "taken@ngo.example", "current_password": PASSWORD})
    assert response.status_code == 302  # the same answer as for a free address
    [message] = outbox("taken@ngo.example")
    assert message.subject == "Someone tried to use your address" and "/account/email/" not in message.body


def test_bad_input_on_the_email_form(app, make):
    user = make.user()
    db.session.commit()
    client = logged_in_client(app, user)
    response = post_form(client, "/account/email", {"email": "not an address", "current_password": "wrong password"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Enter an email address like" in html and 'value="not an address"' in html


def test_profile_keeps_name_and_language(app, make):
    user = make.user()
    db.session.commit()
    client = logged_in_client(app, user)
    response = post_form(client, "/account/profile", {"name": "Amina D.", "preferred_language": "fr"})
    assert response.status_code == 302
    html = client.get("/account").get_data(as_text=True)
    assert "Amina D." in html and "Français" in html
    # The page is now in French: each error is found by the field it is tied to.
    for data, field in [({"name": "x" * 10_000, "preferred_language": "fr"}, "name"),
                        ({"name": "", "preferred_language": "fr"}, "name"),
                        ({"name": "A", "preferred_language": "xx"}, "preferred_language")]:
        response = post_form(client, "/account/profile", data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and f'id="{field}-error"' in html


def test_download_everything_held_about_me(app, make):
    org = make.organisation("Migrant Rights Network")
    user = make.user(email="officer@ngo.example", name="Amina", organisation=org)
    round_ = make.round()
    make.submission(round_, org, title="Fees must end", author=user)
    other = make.user(email="someone@else.example")
    db.session.commit()
    client = logged_in_client(app, user)
    response = client.get("/account/data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "officer@ngo.example" and data["account"]["name"] == "Amina"
    assert data["organisations"][0]["name"] == "Migrant Rights Network"
    assert data["submissions_written"][0]["title"] == "Fees must end"
    assert other.email not in response.get_data(as_text=True)


def test_deleting_the_account_erases_the_person_and_keeps_the_submissions(app, make):
    org = make.organisation("Migrant Rights Network")
    user = make.user(email="officer@ngo.example", name="Amina Diallo", organisation=org)
    colleague = make.user(email="colleague@ngo.example")
    db.session.add(Membership(user=colleague, organisation=org, role=MembershipRole.MEMBER))
    submission = make.submission(make.round(), org, author=user)
    db.session.commit()
    user_id, submission_id, org_id, colleague_id = user.id, submission.id, org.id, colleague.id
    client = logged_in_client(app, user)

    wrong = post_form(client, "/account/delete", {"current_password": "not my password"})
    assert wrong.status_code == 422 and "This is not your password." in wrong.get_data(as_text=True)
    response = post_form(client, "/account/delete", {"current_password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 302  # logged out

    fresh()
    assert db.session.scalar(select(User).where(User.id == user_id)) is None
    kept = db.session.execute(select(Submission.author_id, Submission.organisation_id)
                              .where(Submission.id == submission_id)).one()
    assert kept == (None, org_id)
    assert outbox("officer@ngo.example") == []
    heir = db.session.scalar(select(Membership).where(Membership.user_id == colleague_id))
    assert heir.role == MembershipRole.OWNER  # the organisation is not left without an owner
    details = " ".join(f"{e.reason} {e.details}" for e in db.session.scalars(select(AuditEvent)))
    assert "Amina Diallo" not in details and "officer@ngo.example" not in details


def test_privacy_page_says_what_is_kept_and_for_how_long(client):
    html = client.get("/privacy").get_data(as_text=True)
    for words in ("What we keep and why", "Who sees it", "How long", "Download"):
        assert words.lower() in html.lower()


def test_unconfirmed_accounts_can_ask_for_a_new_link(app, make):
    user = make.user()
    user.email_confirmed_at = None
    db.session.commit()
    client = app.test_client()
    login(client, user)
    assert "not confirmed yet" in client.get("/account").get_data(as_text=True)
    assert post_form(client, "/account/confirmation", {}, form_url="/account").status_code == 302
    assert outbox(user.email)[-1].subject == "Confirm your email address"
