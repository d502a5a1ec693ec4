"""A submitter keeps an answer or an attachment for the conveners only."""
from __future__ import annotations

import io

from sqlalchemy import select

from consult import db
from consult.rounds.models import RoundStaff, StaffRole
from consult.search import indexer
from consult.submissions.models import Attachment, Submission
from consult.submissions.states import Action
from consult.submissions import services
from tests.conftest import login
from tests.submissions.documents import pdf
from tests.submissions.helpers import answers_for, form_fields

SECRET_ANSWER = "Confidentialanswerword about my employer"
SECRET_FILE = "Confidentialfileword in the paper"


def send_with_confidential_parts(client, scene):
    first = scene.round.questions[0]
    data = (form_fields(client, scene.draft) | answers_for(scene.round, "Public words about fees.")
            | {f"answer_{first.id}": SECRET_ANSWER, f"confidential_{first.id}": "y", "new_files_confidential": "y",
               "action": "send",
               "attachments": (io.BytesIO(pdf(SECRET_FILE)), "statement.pdf")})
    return client.post(f"/my/submissions/{scene.draft.reference}", data=data, content_type="multipart/form-data")


def publish(app, submission):
    db.session.rollback()  # end the test's read transaction: see what the requests committed
    db.session.expire_all()
    submission = db.session.get(Submission, submission.id)
    services.transition(submission, Action.PUBLISH, actor=None, reason="test")
    db.session.commit()
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    return submission


def test_confidential_answer_and_file_never_leave_for_the_public_but_staff_read_them(app, client, scene, make):
    assert send_with_confidential_parts(client, scene).status_code == 303
    submission = publish(app, scene.draft)
    attachment = db.session.scalar(select(Attachment))
    assert attachment.confidential and submission.answers[0].confidential
    public = app.test_client()
    page = public.get(f"/submissions/{submission.reference}").get_data(as_text=True)
    assert "Public words about fees." in page
    assert "Confidentialanswerword" not in page and "statement.pdf" not in page
    assert "2 parts of this input were kept confidential at the author" in page
    assert public.get(f"/attachments/{attachment.id}").status_code == 404  # as if it did not exist
    for url in (f"/rounds/{scene.round.slug}/export.csv", f"/rounds/{scene.round.slug}/export.json",
                "/search?q=Confidentialanswerword", "/search?q=Confidentialfileword",
                "/api/v1/search?q=Confidentialfileword", "/feeds/submissions.xml"):
        body = public.get(url).get_data(as_text=True)
        assert "Confidentialanswerword about" not in body and "Confidentialfileword in" not in body, url
        assert f"/attachments/{attachment.id}" not in body, url
    # The author and the round's staff still read every part.
    assert client.get(f"/attachments/{attachment.id}").status_code == 200
    moderator = make.user()
    scene.round.staff.append(RoundStaff(user=moderator, role=StaffRole.MODERATOR))
    db.session.commit()
    login(public, moderator)
    assert public.get(f"/attachments/{attachment.id}").status_code == 200
    review = public.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "Confidentialanswerword" in review and "statement.pdf" in review
    assert review.count("For the conveners only") == 2  # staff see which parts are not for the public


def test_the_form_shows_which_parts_are_kept_confidential(client, scene):
    assert send_with_confidential_parts(client, scene).status_code == 303
    page = client.get(f"/my/submissions/{scene.draft.reference}").get_data(as_text=True)
    first = scene.round.questions[0]
    assert f'id="confidential_{first.id}" name="confidential_{first.id}" type="checkbox" value="y" checked' in page \
        or (f'name="confidential_{first.id}"' in page and "checked" in page)
    assert "For the conveners only" in page
