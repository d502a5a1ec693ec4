import re

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.auth.models import User
from tests.conftest import login
from tests.factories import PASSWORD


def page_lang(html: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', html)
    return match.group(1), match.group(2)


def switch(client, lang, next_="/rounds"):
    return client.get(f"/language/{lang}", query_string={"next": next_})


def test_english_without_any_preference(client):
    html = client.get("/").get_data(as_text=True)
    assert page_lang(html) == ("en", "ltr")
    assert "Skip to main content" in html


def test_a_first_visit_follows_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    html = response.get_data(as_text=True)
    assert page_lang(html) == ("es", "ltr")
    assert "Ir al contenido principal" in html
    assert "Accept-Language" in response.headers["Vary"]


def test_a_language_the_site_does_not_offer_falls_back_to_english(client):
    html = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert page_lang(html) == ("en", "ltr")


def test_the_home_page_in_french(client):
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert page_lang(html) == ("fr", "ltr")
    assert "<h1>Consultations</h1>" in html
    assert "Aller au contenu principal" in html
    assert "Se connecter" in html
    assert "Log in" not in html


def test_the_switcher_sets_a_cookie_for_a_year_and_returns_to_the_page(client):
    response = switch(client, "fr", next_="/rounds?level=national")
    assert response.status_code == 302
    assert response.headers["Location"] == "/rounds?level=national"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=fr;")
    assert "Max-Age=31536000" in cookie and "SameSite=Lax" in cookie and "HttpOnly" in cookie
    page = client.get("/rounds?level=national", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert page_lang(html) == ("fr", "ltr")  # the cookie beats the browser's language
    assert "Langue : Français." in html


def test_the_switcher_never_sends_anyone_to_another_site(client):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        response = switch(client, "es", next_=target)
        assert response.status_code == 302
        assert response.headers["Location"] == "/", target


def test_an_unknown_language_is_refused_with_a_message(client):
    response = switch(client, "xx")
    assert response.status_code == 302
    assert "lang=" not in response.headers.get("Set-Cookie", "")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "That language is not available." in html
    assert page_lang(html) == ("en", "ltr")


def test_the_switcher_is_a_link_and_leaves_public_pages_cacheable(client):
    html = client.get("/rounds").get_data(as_text=True)
    assert 'href="/language/fr?next=/rounds"' in html
    assert 'name="csrf_token"' not in html


def test_in_production_the_cookie_is_sent_over_https_only(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    response = switch(client, "fr")
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_members_choice_is_kept_in_their_account_and_audited(client, make):
    user = make.user()
    db.session.commit()
    login(client, user)
    switch(client, "es")
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "es"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "set_preferred_language")).one()
    assert (event.actor_id, event.from_state, event.to_state) == (user.id, None, "es")


def test_a_members_preference_beats_the_cookie_and_the_browser(app, make):
    user = make.user()
    user.preferred_language = "fr"
    db.session.commit()
    client = app.test_client()
    client.set_cookie("lang", "es")
    login(client, user)
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert page_lang(html) == ("fr", "ltr")
    assert "Se déconnecter" in html


def test_a_forged_cookie_is_ignored(client):
    client.set_cookie("lang", "<script>")
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert page_lang(html) == ("es", "ltr")


def test_every_page_names_its_language(client, make):
    round_ = make.round()
    db.session.commit()
    client.set_cookie("lang", "es")
    for url in ("/", "/rounds", f"/rounds/{round_.slug}", "/open-data", "/statistics", "/login", "/no-such-page"):
        html = client.get(url).get_data(as_text=True)
        assert page_lang(html) == ("es", "ltr"), url


def test_the_switcher_shows_each_language_in_itself(client):
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<span class="current-language" lang="fr" aria-current="true">Français</span>' in html
    assert 'lang="en" hreflang="en">English</a>' in html
    assert 'lang="es" hreflang="es">Español</a>' in html


def test_input_in_another_language_is_marked_as_such(client, make):
    round_ = make.round()
    submission = make.submission(round_, make.organisation("Red de Migrantes"), language="es",
                                 title="Sin cuotas de contratación")
    db.session.commit()
    client.set_cookie("lang", "fr")
    round_page = client.get(f"/rounds/{round_.slug}").get_data(as_text=True)
    assert "Red de Migrantes · Espagnol" in round_page  # the language named in the reader's language
    assert '<h3 lang="es" dir="ltr">' in round_page
    feed = client.get(f"/rounds/{round_.slug}/feed.xml").get_data(as_text=True)
    assert 'xml:lang="fr"' in feed and '<title xml:lang="es">Sin cuotas de contratación</title>' in feed
    html = client.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert page_lang(html) == ("fr", "ltr")
    assert '<h1 lang="es" dir="ltr">Sin cuotas de contratación</h1>' in html  # read aloud in Spanish
    assert "<dt>Envoyée par</dt>" in html


def test_a_member_who_never_chose_keeps_the_language_they_logged_in_with(client, make):
    user = make.user(email="officer@ngo.example")
    db.session.commit()
    html = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post("/login", data={"email": "officer@ngo.example", "password": PASSWORD, "csrf_token": token},
                headers={"Accept-Language": "fr"})
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "fr"
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert page_lang(html) == ("fr", "ltr")  # and their emails will be in French too
    assert "Se déconnecter" in html


def test_a_members_earlier_choice_is_not_overwritten_by_logging_in(client, make):
    user = make.user(email="officer@ngo.example")
    user.preferred_language = "es"
    db.session.commit()
    html = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post("/login", data={"email": "officer@ngo.example", "password": PASSWORD, "csrf_token": token},
                headers={"Accept-Language": "fr"})
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "es"
