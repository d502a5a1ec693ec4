"""Each saved version records which answers and files its author kept for the conveners, so
a moderator sees what was confidential in version N (and when that changed)."""
from __future__ import annotations

from consult import db, files
from consult.submissions.models import Attachment
from consult.submissions.services import transition
from consult.submissions.states import Action, State
from tests.conftest import login
from tests.submissions.documents import pdf


def test_a_moderator_sees_what_each_version_kept_for_the_conveners(app, client, make, staff):
    submission = make.submission(staff.round, staff.org, state=State.DRAFT, title="Wages withheld",
                                 answers={"q1": "My employer's name is in here.", "q2": "Inspect farms."})
    first_question = staff.round.questions[0]
    submission.answers[0].confidential = True
    with app.app_context():  # the file goes under the app's UPLOAD_DIR
        stored = files.store(pdf("Payslips"), "payslips.pdf", max_bytes=1024 * 1024)
    submission.attachments.append(Attachment(**vars(stored), confidential=True))
    transition(submission, Action.SUBMIT, actor=None)
    transition(submission, Action.REQUEST_CHANGES, actor=None, reason="Shorten it")
    submission.answers[0].confidential = False  # the author now lets the first answer be public
    transition(submission, Action.SUBMIT, actor=None)
    db.session.commit()
    assert submission.versions[0].confidential == {"answers": [first_question.id],
                                                   "attachments": [submission.attachments[0].id]}

    login(client, staff.moderator)
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    versions = review.split('id="versions-heading"', 1)[1]
    assert f"Kept for the conveners only in version 1: {first_question.text}; payslips.pdf" in versions
    assert "Kept for the conveners only in version 2: payslips.pdf" in versions
    assert "<h3>Kept for the conveners only</h3>" in versions  # shown as a change between them

    login(client, staff.member)  # the author's printable copy of version 1 says so too
    copy = client.get(f"/my/submissions/{submission.reference}/versions/1").get_data(as_text=True)
    assert copy.count("For the conveners only") == 2
