"""Passage redactions in an attachment's text: search, the public download (a redacted text
rendering) and the exports never give the passage; staff keep the original file."""
from __future__ import annotations

import hashlib

from consult import db
from consult.submissions.models import Redaction
from tests.conftest import login
from tests.moderation.conftest import csrf_token
from tests.moderation.test_attachments_withheld import index, published_with_file


def redact(client, submission, **data):
    url = f"/moderation/submissions/{submission.id}"
    return client.post(url + "/redactions", data={"csrf_token": csrf_token(client, url), **data})


def test_a_passage_redacted_in_a_file_is_gone_from_search_and_the_public_download(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.moderator)
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert f'value="attachment:{attachment.id}"' in review and "Text of the file findings.docx" in review

    response = redact(client, submission, field=f"attachment:{attachment.id}", passage="555-0199",
                      reason="personal_data")
    assert response.status_code == 302
    index(app)
    public = app.test_client()

    page = public.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "findings (redacted).txt" in page
    download = public.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.mimetype == "text/plain"
    assert "findings (redacted).txt" in download.headers["Content-Disposition"]
    text = download.get_data(as_text=True)
    assert "Our findings. Maria Lopez phone [redacted: personal data]" in text and "555-0199" not in text
    assert "Wage theft" not in public.get("/search?q=0199").get_data(as_text=True)
    assert "Wage theft" in public.get("/search?q=findings").get_data(as_text=True)
    export = public.get(f"/rounds/{staff.round.slug}/export.csv").get_data(as_text=True)
    assert f"/attachments/{attachment.id}" in export  # the address serves the redacted text

    original = client.get(f"/attachments/{attachment.id}")  # staff keep the original file
    assert hashlib.sha256(original.get_data()).hexdigest() == attachment.sha256
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert '<mark class="redacted" title="Personal data">555-0199</mark>' in review
    assert "The public downloads the text of this file with the redactions applied" in review


def test_a_passage_not_in_the_file_text_is_refused(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    login(client, staff.moderator)
    response = redact(client, submission, field=f"attachment:{attachment.id}", passage="not in the file",
                      reason="personal_data")
    assert response.status_code == 422 and "does not occur in the part you chose" in response.get_data(as_text=True)
    assert db.session.query(Redaction).count() == 0


def test_removing_the_last_redaction_serves_the_original_file_again(app, client, make, staff):
    submission, attachment = published_with_file(app, make, staff)
    make.redaction(submission, "555-0199", field=f"attachment:{attachment.id}")
    db.session.commit()
    public = app.test_client()
    assert public.get(f"/attachments/{attachment.id}").mimetype == "text/plain"
    redaction = db.session.query(Redaction).one()
    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/submissions/{submission.id}")
    assert client.post(f"/moderation/redactions/{redaction.id}/remove", data={"csrf_token": token}).status_code == 302
    assert hashlib.sha256(public.get(f"/attachments/{attachment.id}").get_data()).hexdigest() == attachment.sha256


def test_a_passage_redacted_in_an_answer_is_redacted_in_every_file_that_holds_it(app, client, make, staff):
    """The review's case: "Maria Lopez phone 555-0199" redacted in an answer stayed
    downloadable byte for byte in the attached paper."""
    submission, attachment = published_with_file(app, make, staff)
    question = staff.round.questions[0]
    submission.answer_for(question).text = "Inspect farms. Maria Lopez phone 555-0199 can tell you more."
    db.session.commit()
    login(client, staff.moderator)
    response = redact(client, submission, field=f"answer:{question.id}", passage="Maria Lopez phone 555-0199",
                      reason="personal_data")
    assert response.status_code == 302

    download = app.test_client().get(f"/attachments/{attachment.id}")
    assert download.mimetype == "text/plain" and "findings (redacted).txt" in download.headers["Content-Disposition"]
    assert "555-0199" not in download.get_data(as_text=True)
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "The public downloads the text of this file with the redactions applied" in review
