"""An individual's self-description and the "on behalf of" text are public (in the author's
label): a moderator redacts them like the summary, and the personal-data flags look in them."""
from __future__ import annotations

from consult import db
from consult.search import indexer
from consult.submissions.models import Consent
from consult.submissions.services import transition
from consult.submissions.states import Action, State
from tests.conftest import login
from tests.moderation.conftest import csrf_token

PHONE = "+961 3 123 456"


def redact(client, submission, field: str, passage: str):
    url = f"/moderation/submissions/{submission.id}"
    return client.post(url + "/redactions", data={"csrf_token": csrf_token(client, url), "field": field,
                                                  "passage": passage, "reason": "personal_data"})


def publish(submission):
    transition(submission, Action.PUBLISH, actor=None)
    db.session.commit()


def public_bodies(app, submission):
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    public = app.test_client()
    slug = submission.round.slug
    return [public.get(url).get_data(as_text=True) for url in (
        f"/submissions/{submission.reference}", f"/rounds/{slug}/export.csv", f"/rounds/{slug}/export.json",
        f"/api/v1/submissions/{submission.reference}", "/search?q=worker")]


def test_a_moderator_redacts_a_private_name_in_an_individuals_self_description(app, client, make, staff):
    staff.round.accepts_individuals = True
    person = make.user(name="Amina")
    profile = make.individual(person, description="domestic worker for the Haddad family")
    submission = make.submission(staff.round, profile, consent=Consent.ANONYMOUS, title="My own voice",
                                 state=State.SUBMITTED, answers={"q1": "A worker's story.", "q2": "x"})
    db.session.commit()
    login(client, staff.moderator)
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "How the individual describes themselves" in review and "domestic worker for the Haddad family" in review
    assert redact(client, submission, "self_description", "for the Haddad family").status_code == 302
    publish(submission)
    bodies = public_bodies(app, submission)
    assert "A domestic worker [redacted: personal data] in Lebanon, from Ethiopia" in bodies[0]
    for body in bodies:
        assert "Haddad" not in body
    assert "My own voice" in bodies[-1]  # search still lists it, with the redacted label


def test_the_on_behalf_of_text_is_flagged_and_redacted_from_the_flag(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Sent for a family",
                                 answers={"q1": "The worker's family asked us to write.", "q2": "x"})
    submission.on_behalf_of = f"the family of Maria, {PHONE}"
    submission.on_behalf_consent = True
    db.session.commit()
    login(client, staff.moderator)
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    flags = review.split('id="personal-data"', 1)[1].split("</section>", 1)[0]
    assert f"<code>{PHONE}</code> — Sent on behalf of" in flags
    assert 'name="field" value="on_behalf_of"' in flags  # the flag's one-click redaction
    assert redact(client, submission, "on_behalf_of", PHONE).status_code == 302
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "Possible personal data (0 of 1 not redacted)" in review
    publish(submission)
    bodies = public_bodies(app, submission)
    assert "on behalf of the family of Maria, [redacted: personal data]" in bodies[0]
    for body in bodies[:4]:
        assert PHONE not in body and "961" not in body


def test_a_part_the_submission_does_not_show_cannot_be_redacted(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    submission.on_behalf_of = "a group of seasonal workers"  # not shown: no consent recorded
    db.session.commit()
    login(client, staff.moderator)
    for field in ("on_behalf_of", "self_description"):
        response = redact(client, submission, field, "seasonal")
        assert response.status_code == 422
        assert "Not a valid choice" in response.get_data(as_text=True)
    assert not submission.redactions
