"""Public reports (rate-limited), dismissing them, and contesting a rejection once."""
from __future__ import annotations

import re

from sqlalchemy import select

from consult import db
from consult.moderation.models import ReportResolution, SubmissionReport
from consult.submissions.models import Submission
from consult.submissions.states import State
from tests.conftest import login
from tests.moderation.conftest import csrf_token


def send_report(client, submission, **data):
    url = f"/submissions/{submission.reference}/report"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def test_anyone_reports_a_published_submission_and_it_shows_in_the_queue(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.PUBLISHED, title="Reported one")
    make.submission(staff.round, staff.org, state=State.PUBLISHED, title="Quiet one")
    db.session.commit()
    page = client.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert f"/submissions/{submission.reference}/report" in page

    response = send_report(client, submission, reason="personal_data", text="It names my neighbour")
    assert response.status_code == 302

    moderator = app.test_client()
    login(moderator, staff.moderator)
    queue = moderator.get(f"/moderation/rounds/{staff.round.slug}?reported=y").get_data(as_text=True)
    assert "Reported one" in queue and "Quiet one" not in queue and "1 report" in queue

    review = moderator.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "It names my neighbour" in review
    report_id = db.session.scalar(select(SubmissionReport.id))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', review).group(1)
    assert moderator.post(f"/moderation/reports/{report_id}/dismiss", data={"csrf_token": token}).status_code == 302
    db.session.commit()
    assert db.session.get(SubmissionReport, report_id).resolution == ReportResolution.DISMISSED
    queue = moderator.get(f"/moderation/rounds/{staff.round.slug}?reported=y").get_data(as_text=True)
    assert "Reported one" not in queue


def test_a_report_needs_a_reason(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.PUBLISHED)
    db.session.commit()
    response = send_report(client, submission, reason="not-a-reason", text="x" * 10)
    assert response.status_code == 422
    assert "There is a problem" in response.get_data(as_text=True)


def test_reports_are_rate_limited(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.PUBLISHED)
    db.session.commit()
    statuses = [send_report(client, submission, reason="spam").status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    db.session.commit()
    assert len(db.session.scalars(select(SubmissionReport)).all()) == 5


def test_unpublished_submissions_cannot_be_reported(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    assert client.get(f"/submissions/{submission.reference}/report").status_code == 404


def test_a_rejection_can_be_contested_once(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.REJECTED, title="Please reconsider")
    db.session.commit()
    login(client, staff.member)
    url = f"/moderation/submissions/{submission.id}/contest"
    assert client.post(url, data={"csrf_token": csrf_token(client, url), "message": ""}).status_code == 422
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "message": "We are eligible: see annex."})
    assert response.status_code == 302
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).state == State.SUBMITTED

    moderator = app.test_client()
    login(moderator, staff.moderator)
    queue = moderator.get(f"/moderation/rounds/{staff.round.slug}").get_data(as_text=True)
    assert "Please reconsider" in queue and "Contested" in queue
    review = moderator.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "We are eligible: see annex." in review
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', review).group(1)
    db.session.expire_all()
    version = db.session.get(Submission, submission.id).lock_version
    moderator.post(f"/moderation/submissions/{submission.id}/decision",
                   data={"csrf_token": token, "lock_version": version, "action": "reject",
                         "reason_code": "Not from an eligible organisation"})
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).state == State.REJECTED
    # A second contest is refused: the page is not offered any more.
    assert client.get(url).status_code == 403


def test_the_dashboard_offers_to_contest_a_rejection_once(app, make):
    from consult import db
    from consult.submissions.states import State
    from tests.conftest import login

    org = make.organisation()
    member = make.user(organisation=org)
    rejected = make.submission(make.round(), org, state=State.REJECTED)
    db.session.commit()
    client = app.test_client()
    login(client, member)
    html = client.get("/my/submissions").get_data(as_text=True)
    assert f"/moderation/submissions/{rejected.id}/contest" in html and "Contest this decision" in html
