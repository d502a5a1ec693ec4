"""Redaction: the public sees the marker, never the passage; the moderator sees both."""
from __future__ import annotations

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.search_outbox import SearchOutbox
from consult.submissions.models import Redaction
from consult.submissions.states import State
from tests.conftest import login
from tests.moderation.conftest import csrf_token

PASSAGE = "Maria Santos (+63 917 555 0101)"


def redact(client, submission, **data):
    url = f"/moderation/submissions/{submission.id}"
    return client.post(url + "/redactions", data={"csrf_token": csrf_token(client, url), **data})


def test_redacted_passage_never_reaches_the_public_page(app, client, make, staff):
    round_q1 = staff.round.questions[0]
    submission = make.submission(staff.round, staff.org, state=State.PUBLISHED,
                                 answers={"q1": f"Our case worker {PASSAGE} saw wage theft.", "q2": "Inspect agencies."})
    db.session.commit()
    login(client, staff.moderator)
    response = redact(client, submission, field=f"answer:{round_q1.id}", passage=PASSAGE, reason="personal_data",
                      note="Name and phone of a case worker")
    assert response.status_code == 302

    public = app.test_client().get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "[redacted: personal data]" in public
    assert "Maria Santos" not in public and "555 0101" not in public
    assert "saw wage theft" in public

    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert '<mark class="redacted"' in review and "Maria Santos" in review  # moderators keep the original

    db.session.commit()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "redact")).one()
    assert event.actor_id == staff.moderator.id and event.reason == "personal_data"
    assert "Maria" not in str(event.details)  # the log does not repeat what it withholds
    assert db.session.scalars(select(SearchOutbox).where(SearchOutbox.submission_id == submission.id)).all()


def test_a_passage_that_is_not_in_the_field_is_refused_and_kept(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    login(client, staff.convener)
    response = redact(client, submission, field="summary", passage="words that are not there", reason="threat")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "does not occur in the part you chose" in html
    assert "words that are not there" in html
    assert db.session.scalars(select(Redaction)).all() == []


def test_bad_redaction_input_gets_messages_not_errors(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    login(client, staff.moderator)
    for data in ({}, {"field": "answer:999999", "passage": "fees", "reason": "threat"},
                 {"field": "title", "passage": "fees", "reason": "nonsense"}, {"field": "title", "passage": "   "}):
        assert redact(client, submission, **data).status_code == 422, data


def test_removing_a_redaction_makes_the_passage_public_again_and_is_logged(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.PUBLISHED, title="Fees paid to Agency X")
    redaction = make.redaction(submission, "Agency X", reason="defamation")
    db.session.commit()
    public = app.test_client().get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "[redacted: defamation]" in public and "Agency X" not in public

    login(client, staff.moderator)
    token = csrf_token(client, f"/moderation/submissions/{submission.id}")
    response = client.post(f"/moderation/redactions/{redaction.id}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    public = app.test_client().get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "Agency X" in public
    db.session.commit()
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "unredact")).one()
