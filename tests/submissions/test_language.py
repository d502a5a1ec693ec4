"""The language of a submission: the person's own by default, corrected from the text when it
is clearly another of the round's languages, and never against the person's own choice."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from consult import db
from consult.submissions.models import Submission
from consult.submissions.states import State
from tests.conftest import login
from tests.submissions.helpers import form_fields, hidden
from tests.submissions.test_start_and_dashboard import start

CORPUS = Path("/work/shared/corpus/public-comments.jsonl")
FRENCH = ("Les envois de fonds des travailleurs migrants coûtent encore trop cher en Afrique de l'Ouest. "
          "Nous demandons que les banques centrales publient chaque mois le coût réel d'un transfert "
          "et que les opérateurs de téléphonie mobile puissent recevoir des fonds de l'étranger.")


def english_comment() -> str:
    """A real comment sent to a public consultation, in English, as it was typed."""
    if not CORPUS.exists():
        pytest.skip("the shared corpus of real public comments is not on this machine")
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            if 400 < len(text) < 1500:
                return text.replace("\r\n", "\n")
    raise AssertionError("no comment of that length")


@pytest.fixture()
def west_africa(make, client):
    """A round whose first language is French, as the demo's West Africa round, and a member
    whose interface is in French."""
    round_ = make.round(slug="west-africa")
    round_.languages = ["fr", "en", "es"]
    org = make.organisation("Diaspora Network")
    member = make.user(organisation=org)
    member.preferred_language = "fr"
    db.session.commit()
    login(client, member)
    return round_, org, member


def chosen(page: str) -> str:
    """The language selected in the form's list."""
    return re.search(r'<select[^>]*name="language".*?<option selected value="(\w+)"', page, re.S).group(1)


def the_draft() -> Submission:
    db.session.rollback()
    return db.session.scalars(select(Submission).order_by(Submission.id.desc())).first()


def test_a_new_submission_is_in_the_persons_interface_language_when_the_round_accepts_it(client, west_africa):
    round_, org, member = west_africa
    member.preferred_language = "en"
    db.session.commit()
    start(client, round_, org)
    draft = the_draft()
    assert draft.language == "en"  # not French, the round's first language
    assert chosen(client.get(f"/my/submissions/{draft.reference}").get_data(as_text=True)) == "en"


def test_an_interface_language_the_round_does_not_accept_falls_back_to_the_rounds_first(client, make, west_africa):
    round_, org, member = west_africa
    round_.languages = ["es", "en"]
    db.session.commit()
    start(client, round_, org)
    assert the_draft().language == "es"


def save(client, draft, **changes):
    data = form_fields(client, draft) | changes
    return client.post(f"/my/submissions/{draft.reference}", data={**data, "action": "save"})


def test_english_text_saved_with_the_default_french_is_recorded_as_english(client, west_africa):
    round_, org, _member = west_africa
    start(client, round_, org)
    draft = the_draft()
    assert draft.language == "fr"
    text = english_comment()

    response = save(client, draft, title="Science must inform policy",
                    **{f"answer_{q.id}": text for q in round_.questions})

    assert response.status_code == 303
    assert the_draft().language == "en"
    assert chosen(client.get(f"/my/submissions/{draft.reference}").get_data(as_text=True)) == "en"


def test_the_persons_own_choice_of_language_wins_over_the_detected_one(client, west_africa):
    round_, org, _member = west_africa
    start(client, round_, org)
    draft = the_draft()
    english = {f"answer_{q.id}": english_comment() for q in round_.questions}

    save(client, draft, title="Written in English, filed as Spanish", language="es", **english)
    assert the_draft().language == "es"
    save(client, the_draft(), **english)  # saved again: the choice made before still holds
    assert the_draft().language == "es"


def test_short_or_unclear_text_keeps_the_default(client, west_africa):
    round_, org, _member = west_africa
    start(client, round_, org)
    draft = the_draft()
    save(client, draft, title="Yes", **{f"answer_{q.id}": "Yes, fees." for q in round_.questions})
    assert the_draft().language == "fr"


def test_sending_french_text_from_an_english_default_records_french(client, west_africa):
    round_, org, member = west_africa
    member.preferred_language = "en"
    db.session.commit()
    start(client, round_, org)
    draft = the_draft()
    data = form_fields(client, draft) | {"title": "Le coût des transferts", "action": "send",
                                         **{f"answer_{q.id}": FRENCH for q in round_.questions}}
    response = client.post(f"/my/submissions/{draft.reference}", data=data)
    assert response.status_code == 303
    sent = the_draft()
    assert sent.state == State.SUBMITTED and sent.language == "fr"
    assert sent.versions[-1].language == "fr"


def test_autosave_corrects_the_language_and_tells_the_page(client, west_africa):
    round_, org, _member = west_africa
    start(client, round_, org)
    draft = the_draft()
    page = client.get(f"/my/submissions/{draft.reference}").get_data(as_text=True)
    data = form_fields(client, draft) | {"csrf_token": hidden(page, "csrf_token"), "title": "Science",
                                         **{f"answer_{q.id}": english_comment() for q in round_.questions}}
    response = client.post(f"/my/submissions/{draft.reference}/autosave", data=data)
    assert response.status_code == 200
    assert response.get_json()["language"] == "en"
    assert the_draft().language == "en"
