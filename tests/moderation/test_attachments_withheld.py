"""Withholding an attachment: kept for staff and the organisation, never public, audited."""
from __future__ import annotations

import json

from sqlalchemy import select

from consult import db, files
from consult.audit import AuditEvent
from consult.search import indexer
from consult.submissions.models import Attachment, RedactionReason
from consult.submissions.states import State
from tests.conftest import login
from tests.moderation.conftest import csrf_token
from tests.submissions import documents

SECRET = "Maria Lopez phone 555-0199"


def published_with_file(app, make, staff, text=SECRET):
    submission = make.submission(staff.round, staff.org, state=State.PUBLISHED, title="Wage theft in agriculture",
                                 answers={"q1": "Inspect farms.", "q2": "Fine employers."})
    with app.app_context():  # the file goes under the app's UPLOAD_DIR
        stored = files.store(documents.docx(f"Our findings. {text}"), "findings.docx", max_bytes=10 * 1024 * 1024)
    attachment = Attachment(submission=submission, **vars(stored), extracted_text=f"Our findings. {text}")
    db.session.add(attachment)
    db.session.commit()
    return submission, attachment


def withhold(client, attachment, submission, **data):
    token = csrf_token(client, f"/moderation/submissions/{submission.id}")
    prefix = f"withhold-{attachment.id}-"
    return client.post(f"/moderation/attachments/{attachment.id}/withhold",
                       data={prefix + "csrf_token": token, **{prefix + k: v for k, v in data.items()}})


def index(app):
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)


def test_a_withheld_file_is_gone_for_the_public_everywhere_and_kept_for_staff(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    public = app.test_client()
    index(app)
    assert "findings.docx" in public.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "Wage theft" in public.get("/search?q=Lopez").get_data(as_text=True)  # before: found in the file

    login(client, staff.moderator)
    response = withhold(client, attachment, submission, reason="personal_data", note="A worker's phone number")
    assert response.status_code == 302
    index(app)

    page = public.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "One attachment withheld: personal data" in page
    assert "findings.docx" not in page and f"/attachments/{attachment.id}" not in page
    # The download answers exactly as for a file that never existed.
    missing = public.get("/attachments/999999")
    withheld = public.get(f"/attachments/{attachment.id}")
    assert withheld.status_code == missing.status_code == 404
    assert (withheld.get_data(as_text=True).replace(f"/attachments/{attachment.id}", "/attachments/N")
            == missing.get_data(as_text=True).replace("/attachments/999999", "/attachments/N"))
    # Exports, the API and search list only public files and text.
    for url in (f"/rounds/{staff.round.slug}/export.csv", f"/rounds/{staff.round.slug}/export.json",
                f"/api/v1/submissions/{submission.reference}", f"/api/v1/rounds/{staff.round.slug}/submissions"):
        body = public.get(url).get_data(as_text=True)
        assert "Wage theft" in body and f"/attachments/{attachment.id}" not in body, url
    record = json.loads(public.get(f"/api/v1/submissions/{submission.reference}").get_data(as_text=True))
    assert record["attachments"] == []
    found = public.get("/search?q=Lopez").get_data(as_text=True)
    assert "Wage theft" not in found and "Lopez" not in found.split("</form>", 1)[-1]

    # Staff keep the original, and see why it is withheld.
    assert client.get(f"/attachments/{attachment.id}").status_code == 200
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "Withheld from the public: personal data" in review
    # The organisation keeps its own file.
    member = app.test_client()
    login(member, staff.member)
    assert member.get(f"/attachments/{attachment.id}").status_code == 200

    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "withhold_attachment")).one()
    assert event.actor_id == staff.moderator.id and event.reason == "A worker's phone number"
    assert event.details == {"attachment_id": attachment.id, "withheld_reason": "personal_data"}


def test_restoring_a_withheld_file_makes_it_public_again_and_is_audited(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.convener)
    assert withhold(client, attachment, submission, reason="threat").status_code == 302
    token = csrf_token(client, f"/moderation/submissions/{submission.id}")
    response = client.post(f"/moderation/attachments/{attachment.id}/release", data={"csrf_token": token})
    assert response.status_code == 302
    index(app)
    public = app.test_client()
    assert public.get(f"/attachments/{attachment.id}").status_code == 200
    assert "findings.docx" in public.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "Wage theft" in public.get("/search?q=Lopez").get_data(as_text=True)
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%_attachment"))))
    assert actions == ["withhold_attachment", "release_attachment"]


def test_withholding_without_a_reason_is_refused_with_a_message_and_the_note_kept(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.moderator)
    response = withhold(client, attachment, submission, note="Phone number on page 2")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose a reason." in html and "Phone number on page 2" in html
    db.session.expire_all()
    assert db.session.get(Attachment, attachment.id).withheld_reason is None


def test_withholding_twice_or_by_someone_who_may_not_decide_changes_nothing(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.outsider)  # turned away before the form is even read
    assert client.post(f"/moderation/attachments/{attachment.id}/withhold").status_code == 403
    assert client.post(f"/moderation/attachments/{attachment.id}/release").status_code == 403
    login(client, staff.moderator)
    assert withhold(client, attachment, submission, reason="other").status_code == 302
    response = withhold(client, attachment, submission, reason="threat")
    assert response.status_code == 422 and "already withheld" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Attachment, attachment.id).withheld_reason == RedactionReason.OTHER
