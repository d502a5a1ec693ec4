"""A moderator uploads a redacted version of a file: the public gets it in the file's place
(its own name, its text in search, linked from exports and the API); staff keep the original;
the upload and the revert are audited; a refused upload changes nothing."""
from __future__ import annotations

import io
import json

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.moderation.models import RedactedFile
from consult.search import indexer
from consult.submissions.models import Attachment
from tests.conftest import login
from tests.moderation.conftest import csrf_token
from tests.moderation.test_attachments_withheld import SECRET, published_with_file
from tests.moderation.test_replace_attachment import asked_for_a_new_file, replace
from tests.submissions import documents

CLEAN = documents.pdf("Our findings. Maria Lopez phone [withheld]. Employers keep passports")


def upload(client, submission, attachment, data: bytes, name: str):
    prefix = f"redacted-{attachment.id}-"
    return client.post(f"/moderation/attachments/{attachment.id}/redacted-file", content_type="multipart/form-data",
                       data={prefix + "csrf_token": csrf_token(client, f"/moderation/submissions/{submission.id}"),
                             prefix + "file": (io.BytesIO(data), name)})


def revert(client, submission, attachment):
    return client.post(f"/moderation/attachments/{attachment.id}/redacted-file/remove",
                       data={"csrf_token": csrf_token(client, f"/moderation/submissions/{submission.id}")})


def read_and_index(app):
    """What `flask search watch` does: read the new file's text, then index."""
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True, read_files=True)


def test_the_public_gets_the_moderators_redacted_version_and_staff_the_original(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.moderator)
    response = upload(client, submission, attachment, CLEAN, "findings-redacted.pdf")
    assert response.status_code == 302
    review = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The public now downloads the redacted version in place of findings.docx." in review
    assert "The public downloads findings-redacted.pdf in place of this file" in review
    read_and_index(app)

    public = app.test_client()
    page = public.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "findings-redacted.pdf" in page and "redacted by the moderators" in page and "findings.docx" not in page
    download = public.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.get_data() == CLEAN
    assert 'filename=findings-redacted.pdf' in download.headers["Content-Disposition"]
    # Search reads the redacted version's text, not the original's.
    assert "Wage theft" in public.get("/search?q=passports").get_data(as_text=True)
    assert "Wage theft" not in public.get("/search?q=0199").get_data(as_text=True)
    for url in (f"/rounds/{staff.round.slug}/export.csv", f"/api/v1/submissions/{submission.reference}"):
        assert f"/attachments/{attachment.id}" in public.get(url).get_data(as_text=True), url

    # Staff download the original, and the redacted version from the review page.
    assert SECRET.encode() not in CLEAN
    assert client.get(f"/attachments/{attachment.id}").headers["Content-Disposition"].endswith("findings.docx")
    assert client.get(f"/moderation/attachments/{attachment.id}/redacted-file").get_data() == CLEAN
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "upload_redacted_file")).one()
    assert event.actor_id == staff.moderator.id and event.details["attachment_id"] == attachment.id


def test_removing_the_redacted_version_gives_the_public_the_original_again(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.convener)
    assert upload(client, submission, attachment, CLEAN, "findings-redacted.pdf").status_code == 302
    response = revert(client, submission, attachment)
    assert response.status_code == 302
    assert "the public gets the original file again" in client.get(response.headers["Location"]).get_data(as_text=True)
    public = app.test_client()
    assert "findings.docx" in public.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert public.get(f"/attachments/{attachment.id}").get_data() != CLEAN
    assert db.session.scalar(select(RedactedFile.id)) is None
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%redacted_file"))))
    assert actions == ["upload_redacted_file", "remove_redacted_file"]
    again = revert(client, submission, attachment)  # nothing left to remove: said so
    assert "This file has no redacted version to remove." in client.get(again.headers["Location"]).get_data(as_text=True)


def test_a_redacted_version_of_a_refused_type_is_refused_clearly_and_nothing_is_lost(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.moderator)
    assert upload(client, submission, attachment, CLEAN, "findings-redacted.pdf").status_code == 302
    response = upload(client, submission, attachment, b"<html><script>alert(1)</script></html>", "clean.pdf")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This file is not a document we accept (PDF, DOCX, ODT, TXT, RTF)." in html
    assert 'aria-invalid="true"' in html
    empty = client.post(f"/moderation/attachments/{attachment.id}/redacted-file", content_type="multipart/form-data",
                        data={f"redacted-{attachment.id}-csrf_token": csrf_token(client, f"/moderation/submissions/{submission.id}")})
    assert empty.status_code == 422 and "Choose the redacted file to upload." in empty.get_data(as_text=True)
    # The earlier redacted version is still what the public downloads.
    assert app.test_client().get(f"/attachments/{attachment.id}").get_data() == CLEAN


def test_someone_who_may_not_decide_cannot_upload_or_remove(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.member)  # the organisation's own member does not moderate its input
    assert client.post(f"/moderation/attachments/{attachment.id}/redacted-file").status_code == 403
    assert client.post(f"/moderation/attachments/{attachment.id}/redacted-file/remove").status_code == 403
    assert client.get(f"/moderation/attachments/{attachment.id}/redacted-file").status_code == 403


def test_a_passage_withheld_elsewhere_never_leaves_in_the_redacted_versions_bytes(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.moderator)
    upload(client, submission, attachment, documents.pdf("Call Ana on 555-0123 tomorrow"), "clean.pdf")
    read_and_index(app)
    make.redaction(submission, "555-0123", field=f"answer:{staff.round.questions[0].id}")
    db.session.commit()
    download = app.test_client().get(f"/attachments/{attachment.id}")
    text = download.get_data(as_text=True)
    assert "clean (redacted).txt" in download.headers["Content-Disposition"]
    assert "555-0123" not in text and "[redacted: personal data]" in text and "Call Ana" in text


def test_the_organisations_new_file_replaces_the_redacted_version_made_from_the_old_one(app, client, make, staff):
    submission, attachment, member = asked_for_a_new_file(app, client, make, staff)
    assert upload(client, submission, attachment, CLEAN, "findings-redacted.pdf").status_code == 302
    new = documents.pdf("A new paper without names")
    assert replace(member, submission, attachment, new, "new.pdf").status_code == 303
    db.session.expire_all()
    assert db.session.get(Attachment, attachment.id).redacted_file is None
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "The public downloads findings-redacted.pdf" not in review
    details = json.dumps(db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == "replace_attachment")).one())
    assert '"redacted_version_removed": true' in details


def test_the_flags_look_at_the_version_the_public_gets(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff, text="Call Maria on +961 3 123 456.")
    login(client, staff.moderator)
    flags = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True).split('id="personal-data"')[1]
    assert "<code>+961 3 123 456</code>" in flags
    upload(client, submission, attachment, documents.pdf("Call the union office on +44 20 7946 0958."), "clean.pdf")
    read_and_index(app)
    flags = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True).split('id="personal-data"')[1]
    assert "<code>+44 20 7946 0958</code> — Attachment: findings.docx" in flags and "+961 3 123 456" not in flags
    assert redact_passage(client, submission, attachment.part, "+44 20 7946 0958").status_code == 302
    text = app.test_client().get(f"/attachments/{attachment.id}").get_data(as_text=True)
    assert "union office on [redacted: personal data]" in text


def redact_passage(client, submission, field, passage):
    url = f"/moderation/submissions/{submission.id}"
    return client.post(url + "/redactions", data={"csrf_token": csrf_token(client, url), "field": field,
                                                  "passage": passage, "reason": "personal_data"})
