"""The organisation's form: drafts, sending, receipts, and every bad input the issue lists."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import func, select

from consult import db
from consult.db import utcnow
from consult.mail import OutgoingMail
from consult.submissions.models import Submission, SubmissionVersion
from consult.submissions.states import State
from tests.conftest import login
from tests.submissions.documents import pdf
from tests.submissions.helpers import answers_for, form_fields, hidden


def reload(submission) -> Submission:
    db.session.rollback()  # end the test's read transaction: see what the requests committed
    db.session.expire_all()
    return db.session.get(Submission, submission.id)


def post(client, submission, data, **kwargs):
    return client.post(f"/my/submissions/{submission.reference}", data=data, **kwargs)


def test_saving_a_draft_keeps_every_field(client, scene):
    data = form_fields(client, scene.draft) | answers_for(scene.round, "Fees are theft.") | {
        "title": "Fees must end", "summary": "Short.", "language": "fr", "consent": "anonymous",
        "sessions": [str(scene.round.sessions[0].id)], "action": "save"}
    response = post(client, scene.draft, data)
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "Draft saved." in page and "Fees are theft." in page
    saved = reload(scene.draft)
    assert (saved.title, saved.language, saved.consent.value) == ("Fees must end", "fr", "anonymous")
    assert [s.id for s in saved.sessions] == [scene.round.sessions[0].id]
    assert saved.state == State.DRAFT


def test_sending_gives_a_receipt_page_and_an_email_with_a_printable_copy(client, scene):
    data = form_fields(client, scene.draft) | answers_for(scene.round, "Ratify C189.") | {"action": "send"}
    response = post(client, scene.draft, data)
    assert response.status_code == 303 and response.location.endswith("/receipt")
    receipt = client.get(response.location).get_data(as_text=True)
    reference = scene.draft.reference
    assert reference in receipt and "UTC" in receipt and ("CET" in receipt or "CEST" in receipt)
    mail = db.session.scalars(select(OutgoingMail)).one()
    assert mail.to_address == "officer@mrn.example" and reference in mail.subject
    assert "Ratify C189." in mail.body and "UTC" in mail.body and f"/my/submissions/{reference}/versions/1" in mail.body
    printed = client.get(f"/my/submissions/{reference}/versions/1").get_data(as_text=True)
    assert "Ratify C189." in printed and "Guiding question 1?" in printed
    assert reload(scene.draft).state == State.SUBMITTED


def test_empty_required_answers_are_refused_and_the_draft_kept(client, scene):
    data = form_fields(client, scene.draft) | answers_for(scene.round, "") | {"title": "Kept title", "action": "send"}
    response = post(client, scene.draft, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in page and page.count("Answer this question.") >= 2
    saved = reload(scene.draft)
    assert saved.state == State.DRAFT and saved.title == "Kept title"


def test_answers_over_the_word_limit_are_refused_with_the_text_kept(client, scene):
    long_answer = "word " * 301
    data = form_fields(client, scene.draft) | answers_for(scene.round, long_answer) | {"action": "send"}
    response = post(client, scene.draft, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use at most 300 words; you have 301." in page
    assert long_answer.strip() in page
    assert reload(scene.draft).state == State.DRAFT


def test_a_megabyte_of_text_in_a_field_is_refused_with_a_message(client, scene):
    data = form_fields(client, scene.draft) | {f"answer_{scene.round.questions[0].id}": "x" * 1_000_000, "action": "save"}
    response = post(client, scene.draft, data)
    assert response.status_code == 422
    assert "longer than 100000" in response.get_data(as_text=True) or "100000" in response.get_data(as_text=True)
    assert "x" * 1000 not in reload(scene.draft).answers[0].text


def test_every_script_rtl_and_emoji_are_kept_and_control_characters_stripped(client, scene):
    text = "Ελληνικά Русский 中文 日本語 हिन्दी ქართული 🌍👩🏽‍🌾 — العمال المهاجرون עובדים\tend"
    data = form_fields(client, scene.draft) | answers_for(scene.round, text + "\x00\x07\x1b") | {"action": "save"}
    assert post(client, scene.draft, data).status_code == 303
    saved = reload(scene.draft)
    assert saved.answers[0].text == text  # NUL and C0 controls are stripped; tab kept
    assert text in client.get(f"/my/submissions/{saved.reference}").get_data(as_text=True)


def test_html_and_script_in_every_field_are_shown_as_text(client, scene):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = form_fields(client, scene.draft) | answers_for(scene.round, evil) | {
        "title": evil, "summary": evil, "action": "send"}
    assert post(client, scene.draft, data).status_code == 303
    for url in (f"/my/submissions/{scene.draft.reference}", f"/my/submissions/{scene.draft.reference}/versions/1",
                f"/my/submissions/{scene.draft.reference}/receipt"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in client.get(f"/my/submissions/{scene.draft.reference}/versions/1").get_data(as_text=True)


def test_double_clicked_send_creates_one_version_and_one_email(client, scene):
    data = form_fields(client, scene.draft) | {"action": "send"}
    first = post(client, scene.draft, data)
    second = post(client, scene.draft, data)  # the same form, same lock_version
    assert first.status_code == 303 and second.status_code == 303
    assert second.location.endswith("/receipt")
    assert db.session.scalar(select(func.count()).select_from(SubmissionVersion)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 1
    assert "nothing was sent twice" in client.get(second.location).get_data(as_text=True)


def test_double_clicked_send_with_a_position_paper_keeps_one_copy_of_the_file(client, scene):
    data = form_fields(client, scene.draft) | {"action": "send"}
    first = post(client, scene.draft, data | {"attachments": (io.BytesIO(pdf("Our paper")), "paper.pdf")})
    second = post(client, scene.draft, data | {"attachments": (io.BytesIO(pdf("Our paper")), "paper.pdf")})
    assert first.status_code == 303 and second.status_code == 303
    assert "nothing was sent twice" in client.get(second.location).get_data(as_text=True)
    assert [a.filename for a in reload(scene.draft).attachments] == ["paper.pdf"]
    assert db.session.scalar(select(func.count()).select_from(SubmissionVersion)) == 1
    # A different file in a stale form is not a repeated click: the page asks to check and send again.
    third = post(client, scene.draft, data | {"attachments": (io.BytesIO(pdf("Another paper")), "other.pdf")})
    assert third.status_code == 409 and [a.filename for a in reload(scene.draft).attachments] == ["paper.pdf"]


def test_editing_a_sent_text_and_sending_again_keeps_both_versions(client, scene):
    post(client, scene.draft, form_fields(client, scene.draft) | {"action": "send"})
    sent = reload(scene.draft)
    data = form_fields(client, sent) | answers_for(scene.round, "Second thoughts.") | {"action": "send"}
    assert post(client, sent, data).status_code == 303
    versions = reload(scene.draft).versions
    assert [v.number for v in versions] == [1, 2]
    assert "Second thoughts." in list(versions[1].answers.values()) and "Second thoughts." not in list(versions[0].answers.values())


def test_saving_a_sent_text_without_sending_changes_nothing(client, scene):
    post(client, scene.draft, form_fields(client, scene.draft) | {"action": "send"})
    sent = reload(scene.draft)
    data = form_fields(client, sent) | answers_for(scene.round, "Unsent edit.") | {"action": "save"}
    response = post(client, sent, data)
    assert response.status_code == 422 and "Unsent edit." in response.get_data(as_text=True)
    assert all(a.text != "Unsent edit." for a in reload(scene.draft).answers)


def test_sending_after_the_deadline_is_refused_with_the_deadline_and_the_draft_kept(client, scene):
    data = form_fields(client, scene.draft) | answers_for(scene.round, "Late but kept.") | {"action": "send"}
    scene.round.opens_at = utcnow() - timedelta(days=10)
    scene.round.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = post(client, scene.draft, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The deadline for input to this round was" in page and str(scene.round.closes_at.year) in page
    saved = reload(scene.draft)
    assert saved.state == State.DRAFT and saved.answers[0].text == "Late but kept."


def test_a_member_of_another_organisation_cannot_post_to_this_submission(app, make, scene):
    other = make.user(organisation=make.organisation("Other Org"))
    db.session.commit()
    own = app.test_client()
    data = form_fields(own_client(own, scene.member), scene.draft) | {"title": "Hijacked", "action": "send"}
    intruder = app.test_client()
    login(intruder, other)
    before = reload(scene.draft).lock_version
    for url in ("", "/autosave", "/withdraw"):
        response = intruder.post(f"/my/submissions/{scene.draft.reference}{url}", data=data)
        assert response.status_code == 403
    saved = reload(scene.draft)
    assert (saved.title, saved.state, saved.lock_version) == ("Our draft", State.DRAFT, before)


def own_client(client, user):
    login(client, user)
    return client


def test_a_stale_csrf_token_re_renders_every_answer(client, scene):
    data = form_fields(client, scene.draft) | {"csrf_token": "expired-token", "action": "send"}
    data |= {f"answer_{q.id}": f"Precious answer {q.key}" for q in scene.round.questions}
    response = post(client, scene.draft, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing you typed has been lost" in page
    for q in scene.round.questions:
        assert f"Precious answer {q.key}" in page
    assert reload(scene.draft).state == State.DRAFT
    # The page carries a fresh token: sending again works.
    retry = data | {"csrf_token": hidden(page, "csrf_token")}
    assert post(client, scene.draft, retry).status_code == 303


def test_an_expired_session_gives_the_text_back_with_a_request_to_log_in(app, scene):
    anonymous = app.test_client()
    data = answers_for(scene.round, "Typed for an hour.") | {"title": "Night before", "action": "send"}
    response = anonymous.post(f"/my/submissions/{scene.draft.reference}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Typed for an hour." in page and "Log in in a new tab" in page
    assert reload(scene.draft).title == "Our draft"


def test_withdrawing_asks_for_confirmation(client, scene):
    page = client.get(f"/my/submissions/{scene.draft.reference}/withdraw").get_data(as_text=True)
    assert "Yes, withdraw it" in page
    assert reload(scene.draft).state == State.DRAFT
    response = client.post(f"/my/submissions/{scene.draft.reference}/withdraw",
                           data={"csrf_token": hidden(page, "csrf_token"), "lock_version": hidden(page, "lock_version")})
    assert response.status_code == 303
    assert reload(scene.draft).state == State.WITHDRAWN


def test_autosave_stores_the_draft_and_says_when(client, scene):
    data = form_fields(client, scene.draft) | answers_for(scene.round, "Autosaved words.")
    response = client.post(f"/my/submissions/{scene.draft.reference}/autosave", data=data)
    assert response.status_code == 200 and response.json["message"].startswith("Saved at ")
    assert reload(scene.draft).answers[0].text == "Autosaved words."
    stale = client.post(f"/my/submissions/{scene.draft.reference}/autosave", data=data)
    assert stale.status_code == 409  # the old version number: another window changed it
    bad = client.post(f"/my/submissions/{scene.draft.reference}/autosave", data=data | {"csrf_token": "x"})
    assert bad.status_code == 400 and "kept in this browser" in bad.json["error"]


def test_a_60_megabyte_upload_gets_the_friendly_413_page(client, scene):
    data = form_fields(client, scene.draft) | {"action": "save",
                                               "attachments": (io.BytesIO(b"%PDF-" + b"0" * (60 * 1024 * 1024)), "big.pdf")}
    response = post(client, scene.draft, data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "kept in this browser" in response.get_data(as_text=True)


def test_changing_a_published_text_sends_it_back_for_review_as_a_new_version(client, scene, make):
    published = make.submission(scene.round, scene.org, state=State.PUBLISHED, title="Published")
    scene.round.allow_multiple_submissions = True
    db.session.commit()
    data = form_fields(client, published) | answers_for(scene.round, "Corrected figures.") | {"action": "send"}
    assert post(client, published, data).status_code == 303
    saved = reload(published)
    assert saved.state == State.SUBMITTED and len(saved.versions) == 2
    assert not saved.is_public()


def test_a_moderators_grace_period_lets_a_returned_text_be_sent_after_the_deadline(client, scene, make):
    from consult.submissions import services
    from consult.submissions.states import Action
    returned = make.submission(scene.round, scene.org, state=State.SUBMITTED, title="Returned")
    services.transition(returned, Action.REQUEST_CHANGES, actor=None, reason="Remove personal data.")
    scene.round.opens_at = utcnow() - timedelta(days=10)
    scene.round.closes_at = utcnow() - timedelta(hours=1)
    returned.resubmit_until = utcnow() + timedelta(days=2)
    db.session.commit()
    data = form_fields(client, returned) | answers_for(scene.round, "Names removed.") | {"action": "send"}
    assert post(client, returned, data).status_code == 303
    assert reload(returned).state == State.SUBMITTED
