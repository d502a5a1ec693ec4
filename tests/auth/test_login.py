import re

from config import ProductionConfig
from consult import db
from consult.auth.models import User
from tests.auth.helpers import post_form
from tests.factories import PASSWORD


def csrf_token(client, url="/login") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def log_in(client, email, password, **extra):
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client), **extra})


def test_login_with_the_right_password_then_logout_ends_the_session(app, client, make):
    user = make.user(email="officer@ngo.example")
    db.session.commit()
    response = log_in(client, "Officer@NGO.example", PASSWORD)
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Log out" in home

    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    client.post("/logout", data={"csrf_token": token})
    assert "Log in" in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version == 2


def test_a_saved_cookie_stops_working_after_logout(app, make):
    make.user(email="officer@ngo.example")
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    log_in(first, "officer@ngo.example", PASSWORD)
    log_in(second, "officer@ngo.example", PASSWORD)
    home = first.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    first.post("/logout", data={"csrf_token": token})
    assert "Log in" in second.get("/").get_data(as_text=True)


def test_wrong_password_keeps_the_email_and_says_what_to_do(client, make):
    make.user(email="officer@ngo.example")
    db.session.commit()
    response = log_in(client, "officer@ngo.example", "not the password")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error: Log in · Consult</title>" in html
    assert "The email address or password is not right." in html
    assert 'value="officer@ngo.example"' in html


def test_unknown_email_gets_the_same_message(client):
    response = log_in(client, "nobody@ngo.example", "whatever password")
    assert response.status_code == 422
    assert "The email address or password is not right." in response.get_data(as_text=True)


def test_empty_fields_are_named_in_the_error_summary(client):
    response = log_in(client, "", "")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'href="#email"' in html and 'href="#password"' in html
    assert 'aria-describedby="email-error"' in html


def test_next_only_leads_inside_the_site(app, make):
    make.user(email="officer@ngo.example")
    db.session.commit()
    for target, expected in [("https://elsewhere.example/phish", "/"), ("//elsewhere.example", "/"),
                             ("/rounds/x", "/rounds/x")]:
        response = log_in(app.test_client(), "officer@ngo.example", PASSWORD, next=target)
        assert response.headers["Location"] == expected


def test_a_post_without_csrf_token_is_refused_and_keeps_the_email(client, make):
    make.user(email="officer@ngo.example")
    db.session.commit()
    response = client.post("/login", data={"email": "officer@ngo.example", "password": PASSWORD})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your session expired" in html and 'value="officer@ngo.example"' in html


def test_cookies_are_httponly_and_samesite_and_secure_in_production(app, make):
    user = make.user()
    db.session.commit()
    client = app.test_client()
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    for name in ("session=", "remember_token="):
        [cookie] = [c for c in cookies if c.startswith(name)]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    production = {k: getattr(ProductionConfig, k) for k in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE")}
    assert production == {"SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True}
    app.config.update(production)
    response = post_form(app.test_client(), "/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    for name in ("session=", "remember_token="):
        [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name)]
        assert "Secure" in cookie and "HttpOnly" in cookie
