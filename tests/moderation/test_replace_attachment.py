"""A moderator asks the organisation to replace a file; the organisation replaces it."""
from __future__ import annotations

import io

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.submissions.models import Attachment
from consult.submissions.states import State
from tests.conftest import login
from tests.moderation.conftest import csrf_token
from tests.moderation.test_attachments_withheld import published_with_file
from tests.submissions import documents


def ask_for_a_new_file(client, submission, attachment):
    url = f"/moderation/submissions/{submission.id}"
    review = client.get(url).get_data(as_text=True)
    assert "File the organisation should replace (optional)" in review
    return client.post(url + "/decision", data={
        "csrf_token": csrf_token(client, url), "action": "request_changes", "message": "Remove the phone number.",
        "grace_days": "7", "lock_version": str(submission.lock_version), "replace_attachment": str(attachment.id)})


def replace(client, submission, attachment, data: bytes, name: str):
    url = f"/my/submissions/{submission.reference}"
    return client.post(f"{url}/attachments/{attachment.id}/replace", content_type="multipart/form-data",
                       data={"csrf_token": csrf_token(client, url), "replacement": (io.BytesIO(data), name)})


def asked_for_a_new_file(app, client, make, staff):
    """A moderator asked for a new file; the organisation's member is logged in."""
    submission, attachment = published_with_file(app, make, staff)
    submission.state = State.SUBMITTED
    db.session.commit()
    login(client, staff.moderator)
    assert ask_for_a_new_file(client, submission, attachment).status_code == 302
    member = app.test_client()
    login(member, staff.member)
    return submission, attachment, member


def test_the_organisation_replaces_the_file_a_moderator_named(app, client, make, staff):
    submission, attachment, member = asked_for_a_new_file(app, client, make, staff)
    page = member.get(f"/my/submissions/{submission.reference}").get_data(as_text=True)
    assert "New file in place of findings.docx" in page
    new = documents.pdf("Our findings without names")
    response = replace(member, submission, attachment, new, "findings-clean.pdf")
    assert response.status_code == 303
    assert "The file was replaced" in member.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    replaced = db.session.get(Attachment, attachment.id)
    assert replaced.filename == "findings-clean.pdf" and not replaced.replacement_requested
    assert replaced.extracted_text is None  # read again by the indexer
    assert member.get(f"/attachments/{attachment.id}").get_data() == new
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%replace%"))))
    assert actions == ["request_replacement", "replace_attachment"]
    # Once replaced, the request is done: no second replacement.
    again = replace(member, submission, attachment, documents.pdf("again"), "again.pdf")
    assert again.status_code == 403


def test_a_replacement_of_a_refused_type_gets_a_clear_message_and_keeps_the_file(app, client, make, staff):
    submission, attachment, member = asked_for_a_new_file(app, client, make, staff)
    response = replace(member, submission, attachment, b"<html><script>alert(1)</script></html>", "clean.pdf")
    assert response.status_code == 303
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "This file is not a document we accept (PDF, DOCX, ODT, TXT, RTF)." in page
    db.session.expire_all()
    kept = db.session.get(Attachment, attachment.id)
    assert kept.filename == "findings.docx" and kept.replacement_requested


def test_a_file_nobody_asked_to_replace_cannot_be_replaced(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.member)
    url = f"/my/submissions/{submission.reference}/attachments/{attachment.id}/replace"
    assert client.post(url, data={}).status_code == 403
