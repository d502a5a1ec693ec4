from consult import db
from consult.submissions.models import Redaction, RedactionReason
from consult.submissions.public_text import public_document
from consult.submissions.services import save_content


def test_redacted_passages_are_replaced_by_a_marker_wherever_they_occur(app, make):
    round_ = make.round()
    q1, q2 = round_.questions
    submission = make.submission(round_, make.organisation(), answers={
        "q1": "Call Maria Santos on +63 917 555 0101 for the case files.",
        "q2": "Maria Santos runs the help desk.",
    })
    submission.redactions.append(Redaction(field=f"answer:{q1.id}", passage="Maria Santos on +63 917 555 0101",
                                           reason=RedactionReason.PERSONAL_DATA))
    submission.redactions.append(Redaction(field=f"answer:{q2.id}", passage="Maria Santos",
                                           reason=RedactionReason.PERSONAL_DATA))
    db.session.flush()
    with app.test_request_context():
        document = public_document(submission)
    texts = dict(document.answers)
    assert texts[q1.id] == "Call [redacted: personal data] for the case files."
    assert texts[q2.id] == "[redacted: personal data] runs the help desk."
    assert "Maria" not in str(document)
    assert submission.answer_for(q1).text.startswith("Call Maria Santos")  # the original is kept


def test_each_submission_keeps_a_version_of_what_was_received(app, make):
    round_ = make.round()
    submission = make.submission(round_, make.organisation(), title="First text")
    assert [v.title for v in submission.versions] == ["First text"]
    save_content(submission, actor=None, answers={}, title="Edited after publishing")
    assert [v.title for v in submission.versions] == ["First text"]
