"""Individuals (migrants, family members, workers) send input as themselves."""
from __future__ import annotations

from sqlalchemy import select

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import Consent, Submission
from consult.submissions.public_text import author_label
from tests.conftest import login
from tests.submissions.helpers import hidden

MYSELF = {"country": "LB", "origin_country": "ET", "self_description": "domestic worker", "name": "Amina Tesfaye",
          "form_token": "a-one-time-token-123456"}


def send_as_myself(client, round_, **changes):
    page = client.get(f"/rounds/{round_.slug}/start").get_data(as_text=True)
    return client.post(f"/rounds/{round_.slug}/start/myself",
                       data={"csrf_token": hidden(page, "csrf_token"), **MYSELF, **changes})


def test_a_round_that_accepts_individuals_offers_send_as_myself_and_starts_an_anonymous_draft(client, make):
    round_ = make.round()
    round_.accepts_individuals = True
    person = make.user(name="Amina Tesfaye", email="amina@private.example")
    db.session.commit()
    login(client, person)
    page = client.get(f"/rounds/{round_.slug}/start").get_data(as_text=True)
    assert "Send as myself" in page and "Country where you live" in page
    response = send_as_myself(client, round_)
    assert response.status_code == 303
    submission = db.session.scalar(select(Submission))
    profile = submission.organisation
    assert profile.is_individual and profile.stakeholder_group == StakeholderGroup.INDIVIDUAL
    assert submission.consent == Consent.ANONYMOUS  # anonymous unless they choose
    assert author_label(submission) == "A domestic worker in Lebanon, from Ethiopia"
    form = client.get(response.location).get_data(as_text=True)
    assert "Publish with my name" in form and "Publish without my name" in form


def test_the_profile_is_kept_for_next_time_and_never_listed_in_the_directory(client, make):
    first, second = make.round(), make.round()
    first.accepts_individuals = second.accepts_individuals = True
    person = make.user()
    db.session.commit()
    login(client, person)
    send_as_myself(client, first)
    page = client.get(f"/rounds/{second.slug}/start").get_data(as_text=True)
    assert 'value="domestic worker"' in page  # their details, ready to send again
    send_as_myself(client, second, form_token="another-token-abcdefgh")
    owners = {s.organisation_id for s in db.session.scalars(select(Submission))}
    assert len(owners) == 1
    make.organisation("Visible Network")
    db.session.commit()
    directory = client.get("/organisations").get_data(as_text=True)
    assert "Visible Network" in directory and "Amina Tesfaye" not in directory
    profile_page = client.get(f"/organisations/{owners.pop()}")
    assert profile_page.status_code == 200  # their own
    login(client, make.user())
    db.session.commit()
    assert client.get(f"/organisations/{db.session.scalar(select(Submission)).organisation_id}").status_code == 404


def test_a_round_for_organisations_only_refuses_an_individual_clearly(client, make):
    round_ = make.round()
    person = make.user()
    db.session.commit()
    login(client, person)
    assert "Send as myself" not in client.get(f"/rounds/{round_.slug}/start").get_data(as_text=True)
    response = send_as_myself(client, round_)
    assert response.status_code == 422
    assert "accepts input from organisations only" in response.get_data(as_text=True)
    assert db.session.scalar(select(Submission)) is None


def test_a_missing_country_is_asked_for_and_what_was_typed_is_kept(client, make):
    round_ = make.round()
    round_.accepts_individuals = True
    person = make.user()
    db.session.commit()
    login(client, person)
    response = send_as_myself(client, round_, country="", self_description="seasonal worker")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose the country where you live." in body and 'value="seasonal worker"' in body


def test_a_named_individual_shows_only_the_name_they_gave(make):
    round_ = make.round()
    round_.accepts_individuals = True
    person = make.user(name="Account Name")
    profile = make.individual(person, name="Amina")
    named = make.submission(round_, profile, consent=Consent.NAMED)
    assert author_label(named) == "Amina"
    no_name = make.individual(make.user(), name="", origin=None, description=None, country="JO")
    assert author_label(make.submission(round_, no_name, consent=Consent.NAMED)) == "An individual in Jordan"


def test_an_individual_downloads_their_profile_and_erasing_the_account_unnames_their_input(app, make):
    from tests.account.test_account import logged_in_client
    from tests.auth.helpers import fresh, post_form
    from tests.factories import PASSWORD
    round_ = make.round()
    person = make.user(email="amina@private.example", name="Amina Tesfaye")
    profile = make.individual(person, name="Amina T.")
    submission = make.submission(round_, profile, consent=Consent.NAMED, author=person)
    db.session.commit()
    reference = submission.reference
    client = logged_in_client(app, person)
    data = client.get("/account/data.json").get_json()
    assert data["myself"][0]["name"] == "Amina T." and data["myself"][0]["description"] == "domestic worker"
    assert app.test_client().get(f"/submissions/{reference}").get_data(as_text=True).count("Amina T.") >= 1
    assert post_form(client, "/account/delete", {"current_password": PASSWORD}).status_code == 302
    fresh()
    page = app.test_client().get(f"/submissions/{reference}").get_data(as_text=True)
    assert "Amina" not in page and "A domestic worker in Lebanon, from Ethiopia" in page


def test_statistics_facets_and_exports_count_individuals_without_their_names(app, make):
    from consult.search import indexer
    round_ = make.closed_round(slug="voices")
    round_.accepts_individuals = True
    profile = make.individual(make.user(name="Secret Account Name", email="secret@private.example"),
                              name="Secret Chosen Name")
    make.submission(round_, profile, consent=Consent.ANONYMOUS, title="Wages withheld for months")
    make.submission(round_, make.organisation("Visible Union"), title="Union input")
    db.session.commit()
    client = app.test_client()
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    statistics = client.get("/rounds/voices/statistics").get_data(as_text=True)
    assert "Individual (migrant, family member, worker)" in statistics
    export = client.get("/rounds/voices/export.csv").get_data(as_text=True)
    assert ",individual," in export
    found = client.get("/search?q=wages").get_data(as_text=True)
    assert "A domestic worker in Lebanon, from Ethiopia" in found and "Individual (migrant" in found
    for body in (statistics, export, found):
        assert "Secret" not in body
