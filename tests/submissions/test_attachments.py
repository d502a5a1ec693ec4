"""Attachments: type from the content, limits, safe names, extraction, guarded download."""
from __future__ import annotations

import hashlib
import io
import logging

import pytest
from sqlalchemy import select

from consult import db
from consult import files as attachments
from consult.submissions import extraction
from consult.submissions.models import Attachment, Submission
from consult.submissions.services import transition
from consult.submissions.states import Action, State
from tests.conftest import login
from tests.submissions import documents
from tests.submissions.helpers import form_fields


def upload(client, submission, *files, action="save"):
    data = form_fields(client, submission) | {"action": action, "attachments": [(io.BytesIO(d), n) for d, n in files]}
    return client.post(f"/my/submissions/{submission.reference}", data=data, content_type="multipart/form-data")


def stored(submission) -> list[Attachment]:
    db.session.rollback()
    db.session.expire_all()
    return list(db.session.scalars(select(Attachment).where(Attachment.submission_id == submission.id)))


def publish_and_index(app, submission) -> None:
    stored(submission)  # forget what this session holds: the request changed it
    transition(db.session.get(Submission, submission.id), Action.PUBLISH, actor=None)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["search", "drain"])  # what `search watch` does
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("maker, content_type, words", [
    (documents.pdf, attachments.PDF, "Recruitment fees must end"),
    (documents.docx, attachments.DOCX, "Decent work for all"),
    (documents.odt, attachments.ODT, "Portabilité des droits"),
    (lambda: "Droits des travailleurs\n".encode(), attachments.TXT, "Droits des travailleurs"),
    (lambda: rb"{\rtf1\ansi Remittance costs\par}", attachments.RTF, "Remittance costs"),
])
def test_each_accepted_type_is_recognised_by_content_and_its_text_extracted(app, maker, content_type, words):
    data = maker()
    with app.test_request_context():
        assert attachments.sniff(data) == content_type
        assert words in extraction.read_text(data, content_type, extraction.Budget.from_config()).text


def test_a_pdf_is_stored_under_a_generated_name_with_its_hash(client, scene, app):
    data = documents.pdf()
    response = upload(client, scene.draft, (data, "position paper.pdf"))
    assert response.status_code == 303
    [attachment] = stored(scene.draft)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest() and attachment.size == len(data)
    assert "position" not in attachment.storage_key
    with app.app_context():
        assert attachments.path_for(attachment.storage_key).read_bytes() == data


def test_a_paper_sent_through_the_form_is_found_by_its_text_once_published(client, scene, app):
    paper = documents.paper([["Kafala sponsorship ties workers to one employer."], ["Abolish it."]])
    assert upload(client, scene.draft, (paper, "paper.pdf"), action="send").status_code == 303
    [attachment] = stored(scene.draft)
    assert attachment.extracted_text is None  # read later, not while the person waited
    publish_and_index(app, scene.draft)
    found = client.get("/search?q=kafala+sponsorship").get_data(as_text=True)
    assert "Our draft" in found
    assert "Kafala sponsorship" in stored(scene.draft)[0].extracted_text


def test_a_file_named_pdf_that_is_html_is_refused_and_the_text_kept(client, scene):
    html = b"<!doctype html><html><script>alert(1)</script></html>"
    data = form_fields(client, scene.draft) | {"action": "save", "title": "Still here",
                                               "attachments": (io.BytesIO(html), "report.pdf")}
    response = client.post(f"/my/submissions/{scene.draft.reference}", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "not a document we accept" in page
    assert stored(scene.draft) == []
    assert "Still here" in page


def test_an_empty_file_is_refused(client, scene):
    response = upload(client, scene.draft, (b"", "empty.pdf"))
    assert response.status_code == 422 and "The file is empty." in response.get_data(as_text=True)
    assert stored(scene.draft) == []


def test_a_docx_zip_bomb_is_refused_unread(client, scene):
    response = upload(client, scene.draft, (documents.docx_bomb(), "bomb.docx"))
    assert response.status_code == 422 and "expands to far more" in response.get_data(as_text=True)
    assert stored(scene.draft) == []


def test_a_docx_expanding_a_hundred_times_is_refused_unread(client, scene):
    """The finding's file expanded 111 times (inside the old 200x cap); no real document does."""
    padded = documents.docx_expanding(10)
    response = upload(client, scene.draft, (padded, "padded.docx"))
    assert response.status_code == 422 and "expands to far more" in response.get_data(as_text=True)
    assert stored(scene.draft) == []


def test_a_docx_whose_text_part_is_longer_than_the_indexer_reads_is_refused(client, scene, monkeypatch):
    monkeypatch.setattr(attachments, "ZIP_MAX_TEXT_PART", 1024 * 1024)  # 32 MB by default
    long = documents.docx_expanding(1.5, cycle=1000)  # compresses only about thirty times
    response = upload(client, scene.draft, (long, "long.docx"))
    assert response.status_code == 422 and "too long to be read" in response.get_data(as_text=True)
    assert upload(client, scene.draft, (documents.docx_expanding(0.5, cycle=1000), "shorter.docx")).status_code == 303


def test_too_many_entries_in_a_zip_are_refused(app):
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w/>")
        for i in range(attachments.ZIP_MAX_ENTRIES):
            z.writestr(f"x/{i}", "")
    with app.test_request_context(), pytest.raises(attachments.AttachmentRefused, match="too many parts"):
        attachments.sniff(out.getvalue())


def test_a_path_and_non_latin_file_name_is_kept_readable_but_harmless(client, scene):
    upload(client, scene.draft, (documents.pdf(), "../../etc/Доклад 报告 تقرير.pdf"))
    [attachment] = stored(scene.draft)
    assert attachment.filename == "Доклад 报告 تقرير.pdf"
    assert "/" not in attachment.filename and ".." not in attachment.filename


def test_the_extension_follows_the_content_not_the_name(client, scene):
    upload(client, scene.draft, (documents.docx(), "paper.pdf"))
    [attachment] = stored(scene.draft)
    assert attachment.filename == "paper.docx" and attachment.content_type == attachments.DOCX


def test_per_file_and_per_submission_limits_come_from_the_round(client, scene):
    scene.round.max_attachments = 1
    scene.round.max_attachment_mb = 1
    db.session.commit()
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = upload(client, scene.draft, (big, "big.pdf"))
    assert response.status_code == 422 and "larger than 1 MB" in response.get_data(as_text=True)
    response = upload(client, scene.draft, (documents.pdf(), "one.pdf"), (documents.pdf(), "two.pdf"))
    assert "at most 1 files may be attached" in response.get_data(as_text=True)
    assert [a.filename for a in stored(scene.draft)] == ["one.pdf"]


def test_an_extraction_failure_is_logged_and_the_file_kept(client, scene, app, caplog):
    broken = b"%PDF-1.4\nthis is not really a pdf"
    assert upload(client, scene.draft, (broken, "broken.pdf"), action="send").status_code == 303
    with caplog.at_level(logging.WARNING):
        publish_and_index(app, scene.draft)
    assert "Could not extract text" in caplog.text
    [attachment] = stored(scene.draft)
    assert attachment.extracted_text == "" and attachment.size == len(broken)  # not read again
    assert client.get(f"/attachments/{attachment.id}").get_data() == broken


def test_an_attachment_can_be_removed_from_a_draft(client, scene, app):
    upload(client, scene.draft, (documents.pdf(), "a.pdf"))
    [attachment] = stored(scene.draft)
    key = attachment.storage_key
    data = form_fields(client, scene.draft) | {"remove_attachment": str(attachment.id)}
    assert client.post(f"/my/submissions/{scene.draft.reference}", data=data).status_code == 303
    assert stored(scene.draft) == []
    with app.app_context():
        assert not attachments.path_for(key).exists()


def test_attachments_of_a_sent_text_cannot_be_removed(client, scene):
    upload(client, scene.draft, (documents.pdf(), "a.pdf"), action="send")
    [attachment] = stored(scene.draft)
    data = form_fields(client, scene.draft) | {"remove_attachment": str(attachment.id), "action": "send"}
    client.post(f"/my/submissions/{scene.draft.reference}", data=data)
    assert len(stored(scene.draft)) == 1


def test_sending_again_with_a_refused_file_keeps_the_received_version_and_leaves_no_file(client, scene, app):
    upload(client, scene.draft, (documents.pdf(), "first.pdf"), action="send")
    response = upload(client, scene.draft, (documents.pdf("Annex"), "annex.pdf"), (b"<html>", "fake.pdf"),
                      action="send")
    assert response.status_code == 422 and "not a document we accept" in response.get_data(as_text=True)
    assert [a.filename for a in stored(scene.draft)] == ["first.pdf"]  # all or nothing
    with app.app_context():
        on_disk = [p for p in attachments.upload_dir().rglob("*") if p.is_file()]
    assert [p.name for p in on_disk] == [stored(scene.draft)[0].storage_key.split("/")[1]]


def test_download_is_an_attachment_with_nosniff_for_the_organisation_only(app, client, scene, make):
    upload(client, scene.draft, (documents.pdf(), "Доклад.pdf"))
    [attachment] = stored(scene.draft)
    response = client.get(f"/attachments/{attachment.id}")
    assert response.status_code == 200 and response.data == documents.pdf()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")
    # Opened in the browser all the same, the file runs in a sandbox: no script, no cookies.
    assert response.headers["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert response.mimetype == "application/pdf"
    assert app.test_client().get(f"/attachments/{attachment.id}").status_code == 404
    stranger = app.test_client()
    login(stranger, make.user(organisation=make.organisation()))
    db.session.commit()
    assert stranger.get(f"/attachments/{attachment.id}").status_code == 404


def test_attachments_of_a_published_submission_are_public(app, client, scene, make):
    response = upload(client, scene.draft, (documents.pdf(), "a.pdf"), action="send")
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.rollback()
    db.session.expire_all()
    from consult.submissions import services
    from consult.submissions.models import Submission
    from consult.submissions.states import Action
    submission = db.session.get(Submission, scene.draft.id)
    services.transition(submission, Action.PUBLISH, actor=None)
    db.session.commit()
    [attachment] = stored(scene.draft)
    assert submission.state == State.PUBLISHED
    assert app.test_client().get(f"/attachments/{attachment.id}").status_code == 200


def test_a_windows_latin_text_file_is_accepted_and_binary_is_not(app):
    with app.test_request_context():
        assert attachments.sniff("Société civile, coût réduit".encode("cp1252")) == attachments.TXT
        assert "Société" in extraction.read_text("Société".encode("cp1252"), attachments.TXT,
                                                 extraction.Budget.from_config()).text
        with pytest.raises(attachments.AttachmentRefused):
            attachments.sniff(b"\x7fELF\x02\x01\x01\x00\x00\x00")


HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u00ad\ufeff\u2028"


def test_direction_and_invisible_characters_are_removed_from_file_names(client, scene):
    response = upload(client, scene.draft, (documents.pdf(), "invoice\u202efdp.exe"),
                      (documents.pdf(), "\u200b\u2066re\u00adport\u2069\u200f\u200d.pdf"))
    assert response.status_code == 303
    names = sorted(a.filename for a in stored(scene.draft))
    assert names == ["invoicefdp.pdf", "report.pdf"]
    page = client.get(f"/my/submissions/{scene.draft.reference}").get_data(as_text=True)
    assert "invoicefdp.pdf" in page and "report.pdf" in page
    assert not any(c in page for c in HIDDEN)
    [first] = [a for a in stored(scene.draft) if a.filename == "invoicefdp.pdf"]
    assert not any(c in client.get(f"/attachments/{first.id}").headers["Content-Disposition"] for c in HIDDEN)


def test_joiners_inside_a_word_are_kept_for_the_scripts_that_need_them(client, scene):
    persian = "می\u200cخواهم"  # "I want": the non-joiner is part of the spelling
    malayalam = "ന്\u200d"  # a chillu letter written with a joiner
    upload(client, scene.draft, (documents.pdf(), f"{persian} {malayalam}x \u200cedge\u200d.pdf"))
    [attachment] = stored(scene.draft)
    assert attachment.filename == f"{persian} {malayalam}x edge.pdf"
