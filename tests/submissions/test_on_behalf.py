"""An organisation sends input on behalf of a person or a community, with their consent."""
from __future__ import annotations

from consult import db
from consult.submissions.models import Submission
from consult.submissions.states import State
from tests.submissions.helpers import answers_for, form_fields

BEHALF = "a group of seasonal workers"


def send(client, submission, **changes):
    data = form_fields(client, submission) | answers_for(submission.round) | {"action": "send"} | changes
    return client.post(f"/my/submissions/{submission.reference}", data=data)


def reload(submission) -> Submission:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Submission, submission.id)


def test_on_behalf_of_without_their_consent_is_refused_and_the_text_kept(client, scene):
    response = send(client, scene.draft, on_behalf_of=BEHALF)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Confirm that the people you speak for agreed" in page and f'value="{BEHALF}"' in page
    saved = reload(scene.draft)
    assert saved.state == State.DRAFT and saved.on_behalf_of == BEHALF and not saved.on_behalf_consent


def test_input_sent_on_behalf_of_others_says_so_publicly_and_is_counted(app, client, scene, make):
    assert send(client, scene.draft, on_behalf_of=BEHALF, on_behalf_consent="y").status_code == 303
    sent = reload(scene.draft)
    assert sent.on_behalf_consent and sent.sent_on_behalf
    sent.state, sent.published_at = State.PUBLISHED, sent.submitted_at
    make.submission(scene.round, make.organisation("Other Voice"), title="Own voice")
    db.session.commit()
    public = app.test_client()
    page = public.get(f"/submissions/{sent.reference}").get_data(as_text=True)
    assert "<dt>Sent by</dt><dd>" in page and f"Migrant Rights Network on behalf of {BEHALF}" in page
    export = public.get(f"/rounds/{scene.round.slug}/export.json").get_json()
    rows = export["submissions"] if isinstance(export, dict) else export
    assert sorted(r["on_behalf_of"] for r in rows) == ["", BEHALF]
    from consult.public.statistics import on_behalf
    with app.test_request_context():
        assert on_behalf(scene.round.id).rows == [("On behalf of a person or a community", 1),
                                                  ("In the sender's own name", 1)]

