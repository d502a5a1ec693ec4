"""Personal-data flags on the review page: each finding in each part, one-click redaction,
and a recorded confirmation to publish with flags left unresolved."""
from __future__ import annotations

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.submissions.models import Attachment, Redaction
from consult.submissions.states import State
from tests.conftest import login
from tests.html_forms import post_forms
from tests.moderation.conftest import csrf_token

EMAIL = "maria.lopez@example.org"
PHONE = "+33 6 12 34 56 78"
PASSPORT = "X1234567"


def review_url(submission) -> str:
    return f"/moderation/submissions/{submission.id}"


def flagged_submission(make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED, answers={
        "q1": f"Our case worker can be reached at {EMAIL} or {PHONE}.",
        "q2": "Inspect agencies.",
    })
    submission.summary = f"The employer kept her passport number {PASSPORT}."
    return submission


def redaction_buttons(client, submission):
    page = client.get(review_url(submission)).get_data(as_text=True)
    return [form for form in post_forms(page, review_url(submission)) if form.action.endswith("/redactions")
            and form.fields.get("reason") == "personal_data" and form.kinds.get("passage") == "hidden"]


def test_review_page_flags_each_finding_with_its_kind_and_part(app, client, make, staff):
    submission = flagged_submission(make, staff)
    # Only its row and extracted text matter to the review page: no file is stored.
    db.session.add(Attachment(submission=submission, filename="position-paper.pdf", content_type="application/pdf",
                              size=2048, sha256="0" * 64, storage_key="pii-flags-test",
                              extracted_text="Contact the author at +44 20 7946 0958 for the annex."))
    db.session.commit()
    login(client, staff.moderator)
    html = client.get(review_url(submission)).get_data(as_text=True)
    assert "Possible personal data (4)" in html
    for kind, passage in (("Email address", EMAIL), ("Phone number", PHONE), ("Passport number", PASSPORT),
                          ("Phone number", "+44 20 7946 0958")):
        assert f"{kind}</span>: <code>{passage}</code>" in html
    assert "Answer to: " in html and "Attachment: position-paper.pdf" in html
    # The attachment's text is a redactable part too: every finding has its one-click redaction.
    assert len(redaction_buttons(client, submission)) == 4


def test_one_click_redacts_the_passage_with_the_reason_personal_data(app, client, make, staff):
    submission = flagged_submission(make, staff)
    db.session.commit()
    login(client, staff.moderator)
    button = next(b for b in redaction_buttons(client, submission) if b.fields["passage"] == EMAIL)
    response = client.post(button.action, data=button.fields)
    assert response.status_code == 302
    redaction = db.session.scalars(select(Redaction)).one()
    assert (redaction.passage, redaction.reason.value) == (EMAIL, "personal_data")
    html = client.get(review_url(submission)).get_data(as_text=True)
    assert "Possible personal data (2 of 3 not redacted)" in html
    assert len(redaction_buttons(client, submission)) == 2


def test_publishing_with_unresolved_flags_asks_for_a_confirmation_that_is_recorded(app, client, make, staff):
    submission = flagged_submission(make, staff)
    db.session.commit()
    login(client, staff.moderator)
    token = csrf_token(client, review_url(submission))
    data = {"csrf_token": token, "lock_version": str(submission.lock_version), "action": "publish"}
    response = client.post(review_url(submission) + "/decision", data=data)
    assert response.status_code == 422
    assert "3 possible pieces of personal data are not redacted" in response.get_data(as_text=True)
    db.session.commit()
    db.session.refresh(submission)
    assert submission.state == State.SUBMITTED

    response = client.post(review_url(submission) + "/decision", data={**data, "confirm_personal_data": "y"})
    assert response.status_code == 302
    db.session.commit()
    db.session.refresh(submission)
    assert submission.state == State.PUBLISHED
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "publish_with_personal_data")).one()
    assert event.reason == "published with 3 personal-data flags unresolved"
    assert event.actor_id == staff.moderator.id
    assert PASSPORT not in str(event.details)  # the log does not repeat the data


def test_publishing_once_every_flag_is_redacted_needs_no_confirmation(app, client, make, staff):
    submission = flagged_submission(make, staff)
    db.session.commit()
    login(client, staff.moderator)
    for button in redaction_buttons(client, submission):
        assert client.post(button.action, data=button.fields).status_code == 302
    html = client.get(review_url(submission)).get_data(as_text=True)
    assert "confirm_personal_data" not in html
    token = csrf_token(client, review_url(submission))
    response = client.post(review_url(submission) + "/decision", data={
        "csrf_token": token, "lock_version": str(submission.lock_version), "action": "publish"})
    assert response.status_code == 302
    db.session.commit()
    db.session.refresh(submission)
    assert submission.state == State.PUBLISHED
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "publish_with_personal_data")).all()
    public = app.test_client().get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert EMAIL not in public and PASSPORT not in public and "12 34 56 78" not in public


def test_bulk_publishing_skips_input_with_unredacted_personal_data(app, client, make, staff):
    flagged = flagged_submission(make, staff)
    clean = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Nothing personal")
    db.session.commit()
    login(client, staff.convener)
    items = [f"{s.id}:{s.lock_version}" for s in (flagged, clean)]
    token = csrf_token(client, "/moderation/bulk?" + "&".join(f"items={i}" for i in items) + "&action=publish")
    done = client.post("/moderation/bulk", data={"csrf_token": token, "items": items, "action": "publish"})
    text = done.get_data(as_text=True)
    assert "1 submission was published" in text and "not redacted" in text
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(type(flagged), flagged.id).state == State.SUBMITTED
    assert db.session.get(type(clean), clean.id).state == State.PUBLISHED
