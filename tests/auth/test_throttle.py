from consult import db
from tests.auth.helpers import post_form
from tests.factories import PASSWORD


def log_in(client, email, password):
    return post_form(client, "/login", {"email": email, "password": password})


def test_the_sixth_wrong_password_in_a_minute_is_refused_even_when_right(client, make):
    make.user(email="target@ngo.example")
    make.user(email="bystander@ngo.example")
    db.session.commit()
    for _ in range(5):
        assert log_in(client, "target@ngo.example", "a wrong guess here").status_code == 422
    refused = log_in(client, "target@ngo.example", PASSWORD)
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    # The same browser, another account: unaffected.
    assert log_in(client, "bystander@ngo.example", PASSWORD).status_code == 302


def test_right_passwords_do_not_count_against_the_account(app, make):
    make.user(email="officer@ngo.example")
    db.session.commit()
    for _ in range(7):
        assert log_in(app.test_client(), "officer@ngo.example", PASSWORD).status_code == 302


def test_reset_requests_are_limited_per_address(client, make):
    make.user(email="officer@ngo.example")
    db.session.commit()
    for _ in range(3):
        assert post_form(client, "/reset", {"email": "officer@ngo.example"}).status_code == 302
    assert post_form(client, "/reset", {"email": "officer@ngo.example"}).status_code == 429
    assert post_form(client, "/reset", {"email": "other@ngo.example"}).status_code == 302


def test_registrations_are_limited_per_ip(client):
    for n in range(5):
        response = post_form(client, "/register", {"name": "N", "email": f"p{n}@ngo.example",
                                                   "password": "violet kettle umbrella march",
                                                   "confirm": "violet kettle umbrella march"})
        assert response.status_code == 302
    response = post_form(client, "/register", {"name": "N", "email": "p9@ngo.example",
                                               "password": "violet kettle umbrella march",
                                               "confirm": "violet kettle umbrella march"})
    assert response.status_code == 429
