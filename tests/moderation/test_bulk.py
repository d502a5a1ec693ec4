"""Bulk decisions: a confirmation page, then each submission through the same service."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from consult import db
from consult.mail import OutgoingMail
from consult.submissions.models import Submission
from consult.submissions.states import State
from tests.conftest import login


def test_publish_fifty_copies_of_a_form_letter(app, client, make, staff):
    letters = [make.submission(staff.round, staff.org, state=State.SUBMITTED, title=f"Form letter {i}")
               for i in range(50)]
    already = make.submission(staff.round, staff.org, state=State.PUBLISHED, title="Already out")
    db.session.commit()
    login(client, staff.convener)
    items = [f"{s.id}:{s.lock_version}" for s in letters + [already]]

    confirm = client.get("/moderation/bulk", query_string={"items": items, "action": "publish"})
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert html.count("Will change") == 50 and "Will be skipped:" in html and "Form letter 49" in html
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)

    done = client.post("/moderation/bulk", data={"csrf_token": token, "items": items, "action": "publish",
                                                 "message": "Form letter campaign"})
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert "50 submissions were published" in text and "1 skipped" in text and "Already out" in text
    db.session.commit()
    states = db.session.scalars(select(Submission.state).where(Submission.id.in_([s.id for s in letters]))).all()
    assert set(states) == {State.PUBLISHED}
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 50


def test_bulk_skips_what_changed_since_the_queue_was_loaded(app, client, make, staff):
    first = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Changed meanwhile")
    second = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Untouched")
    db.session.commit()
    login(client, staff.moderator)
    items = [f"{first.id}:{first.lock_version}", f"{second.id}:{second.lock_version}"]
    html = client.get("/moderation/bulk", query_string={"items": items, "action": "reject"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    first.title = "Edited by the organisation"
    first.lock_version += 1
    db.session.commit()
    done = client.post("/moderation/bulk", data={"csrf_token": token, "items": items, "action": "reject",
                                                 "reason_code": "Spam or advertising"})
    text = done.get_data(as_text=True)
    assert "1 submission was rejected" in text and "Already decided by" in text
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Submission, first.id).state == State.SUBMITTED
    assert db.session.get(Submission, second.id).state == State.REJECTED


def test_bulk_without_a_reason_comes_back_with_the_selection(app, client, make, staff):
    letter = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Form letter")
    db.session.commit()
    login(client, staff.moderator)
    items = [f"{letter.id}:{letter.lock_version}"]
    html = client.get("/moderation/bulk", query_string={"items": items, "action": "reject"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/moderation/bulk", data={"csrf_token": token, "items": items, "action": "reject"})
    assert response.status_code == 422
    assert "Choose a reason for the rejection" in response.get_data(as_text=True)
    assert "Form letter" in response.get_data(as_text=True)


def test_bulk_ignores_submissions_of_rounds_the_person_does_not_moderate(app, client, make, staff):
    other_round = make.round()
    elsewhere = make.submission(other_round, staff.org, state=State.SUBMITTED)
    db.session.commit()
    login(client, staff.moderator)
    response = client.get("/moderation/bulk", query_string={"items": f"{elsewhere.id}:{elsewhere.lock_version}",
                                                            "action": "publish"})
    assert response.status_code == 302  # nothing selectable: back to the queue
    malformed = client.get("/moderation/bulk", query_string={"items": ["x:y", "1", ":"], "action": "zzz"})
    assert malformed.status_code == 302
