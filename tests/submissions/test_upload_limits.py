"""Sending files is limited per account and per address; typing and saving text never is."""
from __future__ import annotations

import io

from consult import db
from consult.submissions.states import State
from tests.conftest import login
from tests.submissions.helpers import form_fields


def send_file(client, submission, name="note.txt"):
    data = form_fields(client, submission) | {"action": "save",
                                              "attachments": [(io.BytesIO(b"Recruitment fees.\n"), name)]}
    return client.post(f"/my/submissions/{submission.reference}", data=data, content_type="multipart/form-data")


def save_text(client, submission, summary):
    data = form_fields(client, submission) | {"action": "save", "summary": summary}
    return client.post(f"/my/submissions/{submission.reference}", data=data)


def test_after_thirty_requests_with_files_in_an_hour_the_next_is_refused_but_text_still_saves(client, scene):
    for _ in range(30):
        assert send_file(client, scene.draft).status_code in (303, 422)
    refused = send_file(client, scene.draft)
    assert refused.status_code == 429
    assert "You have sent files many times in a short while." in refused.get_data(as_text=True)
    assert save_text(client, scene.draft, "Still typing, no files.").status_code == 303


def test_the_limit_is_per_account_a_colleague_elsewhere_can_still_send_files(app, scene, make):
    client = app.test_client()
    login(client, scene.member)
    for _ in range(31):
        send_file(client, scene.draft)
    colleague = make.user(organisation=scene.org, email="colleague@mrn.example")
    other_draft = make.submission(scene.round, scene.org, state=State.DRAFT, title="Another draft",
                                  author=colleague)
    db.session.commit()
    other = app.test_client()  # another office: another address
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    login(other, colleague)
    assert send_file(other, other_draft).status_code == 303


def test_officers_sharing_one_address_meet_its_limit_after_sixty_requests_with_files(app, scene, make):
    drafts = [scene.draft]
    for n in range(2):
        colleague = make.user(organisation=scene.org, email=f"colleague{n}@mrn.example")
        drafts.append(make.submission(scene.round, scene.org, state=State.DRAFT, title=f"Draft {n}",
                                      author=colleague))
    db.session.commit()
    clients = []
    for draft in drafts:
        clients.append(app.test_client())
        login(clients[-1], draft.author)
    for client, draft in zip(clients[:2], drafts[:2]):
        for _ in range(30):
            assert send_file(client, draft).status_code in (303, 422)
    assert send_file(clients[2], drafts[2]).status_code == 429
