"""Deciding through the review page: the decision, its reason, the email, the record, and
two moderators deciding at once."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.db import utcnow
from consult.mail import OutgoingMail
from consult.moderation.models import ModerationDecision, ReportResolution, SubmissionReport
from consult.submissions.models import Submission
from consult.submissions.states import State
from tests.conftest import login
from tests.moderation.conftest import csrf_token


def review_url(submission) -> str:
    return f"/moderation/submissions/{submission.id}"


def decide(client, submission, version=None, **data):
    token = csrf_token(client, review_url(submission))
    payload = {"csrf_token": token, "lock_version": str(version if version is not None else submission.lock_version)}
    return client.post(review_url(submission) + "/decision", data={**payload, **data})


def fresh(submission) -> Submission:
    db.session.commit()  # end the test's read transaction: see what the requests committed
    db.session.expire_all()
    return db.session.get(Submission, submission.id)


def test_moderator_publishes_and_the_organisation_is_told(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Fair recruitment now")
    db.session.commit()
    login(client, staff.moderator)
    page = client.get(review_url(submission)).get_data(as_text=True)
    assert "Fair recruitment now" in page and "Migrant Rights Network" in page and "Verified on" in page

    response = decide(client, submission, action="publish")
    assert response.status_code == 302
    assert fresh(submission).state == State.PUBLISHED
    mail = db.session.scalar(select(OutgoingMail).where(OutgoingMail.to_address == "officer@mrn.example"))
    assert "was published" in mail.subject
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == submission.id)
                               .order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor_id) == ("publish", staff.moderator.id)


def test_request_changes_sets_the_grace_period_and_emails_the_message(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    login(client, staff.convener)
    response = decide(client, submission, action="request_changes", message="Please remove the names.", grace_days="10")
    assert response.status_code == 302
    submission = fresh(submission)
    assert submission.state == State.CHANGES_REQUESTED
    assert abs(submission.resubmit_until - (utcnow() + timedelta(days=10))) < timedelta(minutes=5)
    mail = db.session.scalar(select(OutgoingMail))
    assert "Please remove the names." in mail.body and "returned for changes" in mail.subject


def test_request_changes_without_a_message_or_days_keeps_what_was_typed(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    login(client, staff.moderator)
    response = decide(client, submission, action="request_changes", message="", grace_days="not a number")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Write a message" in html
    assert fresh(submission).state == State.SUBMITTED


def test_reject_needs_a_reason_from_the_list(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    login(client, staff.moderator)
    assert decide(client, submission, action="reject").status_code == 422
    assert decide(client, submission, action="reject", reason_code="Made up reason").status_code == 422
    response = decide(client, submission, action="reject", reason_code="Duplicate of another submission",
                      message="Same text as T1-2026-0001.")
    assert response.status_code == 302
    decision = db.session.scalar(select(ModerationDecision))
    assert (decision.action, decision.reason_code) == ("reject", "Duplicate of another submission")
    mail = db.session.scalar(select(OutgoingMail))
    assert "Duplicate of another submission" in mail.body and "contest" in mail.body


def test_rejection_reasons_come_from_the_configuration(app, client, make, staff):
    app.config["REJECTION_REASONS"] = "Too long;Not about migration"
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    login(client, staff.moderator)
    html = client.get(review_url(submission)).get_data(as_text=True)
    assert "Not about migration" in html and "Duplicate of another submission" not in html


def test_hide_then_restore_a_published_submission(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.PUBLISHED)
    make.report(submission, reason="offensive")
    db.session.commit()
    login(client, staff.moderator)
    assert decide(client, submission, action="hide", message="Reported threat").status_code == 302
    assert fresh(submission).state == State.HIDDEN
    assert client.get(f"/submissions/{submission.reference}", headers={}).status_code == 200  # staff still see it
    assert app.test_client().get(f"/submissions/{submission.reference}").status_code == 404
    report = db.session.scalar(select(SubmissionReport))
    assert report.resolution == ReportResolution.ACTED
    assert decide(client, submission, action="restore", message="Checked: no threat").status_code == 302
    assert fresh(submission).state == State.PUBLISHED


def test_two_moderators_deciding_at_once(app, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    login(first, staff.moderator)
    login(second, staff.convener)
    # Both open the review page and hold the same version.
    token_first, token_second = csrf_token(first, review_url(submission)), csrf_token(second, review_url(submission))
    version = str(submission.lock_version)
    applied = first.post(review_url(submission) + "/decision",
                         data={"csrf_token": token_first, "lock_version": version, "action": "publish"})
    assert applied.status_code == 302
    refused = second.post(review_url(submission) + "/decision",
                          data={"csrf_token": token_second, "lock_version": version, "action": "reject",
                                "reason_code": "Spam or advertising", "message": "Looks like spam"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Already decided by Mona Moderator at" in html
    assert "Looks like spam" in html  # what the second person typed is still there
    submission = fresh(submission)
    assert submission.state == State.PUBLISHED
    assert [d.action for d in db.session.scalars(select(ModerationDecision))] == ["publish"]


def test_stale_version_claim_is_atomic(in_request, make, staff):
    """Even when the in-memory object looks current, the database version decides."""
    from sqlalchemy import update

    from consult.moderation import services

    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    version = submission.lock_version
    # Another transaction got there first.
    db.session.execute(update(Submission).where(Submission.id == submission.id).values(lock_version=version + 1),
                       execution_options={"synchronize_session": False})
    try:
        services.decide(submission, services.Action.PUBLISH, actor=staff.moderator, expected_version=version)
    except services.StaleDecisionRefused:
        pass
    else:
        raise AssertionError("a stale decision was applied")
    assert fresh(submission).state == State.SUBMITTED


def test_a_malformed_decision_never_fails_with_a_server_error(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    login(client, staff.moderator)
    for data in ({"action": "explode"}, {"action": "publish", "lock_version": "abc"},
                 {"action": "request_changes", "message": "x", "grace_days": "999"}, {}):
        token = csrf_token(client, review_url(submission))
        response = client.post(review_url(submission) + "/decision", data={"csrf_token": token, **data})
        assert response.status_code == 422, data
    assert fresh(submission).state == State.SUBMITTED


def test_the_review_page_shows_versions_history_and_attachments(app, client, make, staff):
    from consult.submissions import services as submission_services
    from consult.submissions.models import Attachment
    from consult.submissions.states import Action

    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Old <b>title</b>")
    submission_services.transition(submission, Action.REQUEST_CHANGES, actor=None, reason="Shorter please")
    submission_services.save_content(submission, actor=None, answers={}, title="New title")
    submission_services.transition(submission, Action.SUBMIT, actor=None)
    submission.attachments.append(Attachment(filename="position.pdf", content_type="application/pdf", size=2048,
                                             sha256="0" * 64, storage_key="k1", extracted_text="Annex on wage theft"))
    db.session.commit()
    login(client, staff.moderator)
    html = client.get(review_url(submission)).get_data(as_text=True)
    assert "<del>Old &lt;b&gt;title&lt;/b&gt;</del>" in html.replace("\n", "") or "<del>" in html
    assert "&lt;b&gt;" in html and "<b>title</b>" not in html  # submitted text is escaped
    assert "<ins>New</ins>" in html
    assert "Shorter please" in html  # earlier decisions
    assert "position.pdf" in html and "Annex on wage theft" in html
