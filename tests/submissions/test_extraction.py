"""Attachment text is read by the indexer process only, within a budget of memory, time and
characters; what the budget leaves out is marked, and the database keeps the text safe."""
from __future__ import annotations

import io

import pytest

from consult import db
from consult.search import drain_hook
from consult.search import engine as search_engines
from consult.security import Role
from consult import files as attachments
from consult.submissions import extraction
from consult.submissions.models import Submission
from consult.submissions.services import transition
from consult.submissions.states import Action
from tests.conftest import login
from tests.moderation.conftest import csrf_token
from tests.rounds.test_documents import manage_token
from tests.submissions import documents
from tests.submissions.test_attachments import stored, upload

PAPER = [["Kafala sponsorship ties workers to one employer."], ["Abolish it."]]


def found(app, words: str) -> bool:
    page = app.test_client().get(f"/search?q={words}").get_data(as_text=True)
    return "Our draft" in page


def publish_through_the_review_page(app, make, submission) -> object:
    """A moderator publishes; the response is closed as gunicorn closes it, which runs the
    drain after the request in the web worker."""
    moderator = make.user(Role.ADMIN)
    db.session.commit()
    staff = app.test_client()
    login(staff, moderator)
    url = f"/moderation/submissions/{submission.id}"
    response = staff.post(url + "/decision", data={"csrf_token": csrf_token(staff, url), "action": "publish",
                                                   "lock_version": str(stored(submission)[0].submission.lock_version)})
    assert response.status_code == 302
    response.close()
    return staff


def publish_and_drain_in_the_web_worker(app, submission) -> None:
    stored(submission)
    transition(db.session.get(Submission, submission.id), Action.PUBLISH, actor=None)
    db.session.commit()
    drain_hook.drain_quietly(app)  # what runs after the response of the request that published


def test_the_web_worker_indexes_at_once_and_only_the_indexer_process_reads_the_file(app, client, scene, make,
                                                                                     runner):
    assert upload(client, scene.draft, (documents.paper(PAPER), "paper.pdf"), action="send").status_code == 303
    publish_through_the_review_page(app, make, scene.draft)
    assert found(app, "draft")  # searchable by its own text straight after the decision
    assert not found(app, "kafala")  # the file has not been opened by the web worker
    assert stored(scene.draft)[0].extracted_text is None

    result = runner.invoke(args=["search", "drain"])  # `search watch` does the same every 2 s
    assert result.exit_code == 0, result.output
    assert "1 attachment read" in result.output
    assert found(app, "kafala")


def test_no_upload_decision_or_drain_in_a_web_request_reads_a_file(app, client, scene, make, monkeypatch):
    def refuse(*_args, **_kwargs):
        pytest.fail("a web worker extracted text")

    monkeypatch.setattr(extraction, "read_text", refuse)
    assert upload(client, scene.draft, (documents.docx(), "paper.docx"), action="send").status_code == 303
    publish_through_the_review_page(app, make, scene.draft)
    assert found(app, "draft")

    db.session.rollback()  # a fresh snapshot: the decision was committed by another connection
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    db.session.commit()
    web = app.test_client()
    login(web, convener)
    response = web.post(f"/my-rounds/{round_.slug}/documents", content_type="multipart/form-data", data={
        "csrf_token": manage_token(web, round_.slug), "documents": [(io.BytesIO(documents.pdf()), "Background.pdf")]})
    assert response.status_code == 302
    db.session.expire_all()
    assert [d.filename for d in db.session.get(type(round_), round_.id).documents] == ["Background.pdf"]


def test_a_crash_after_reading_the_file_delays_its_text_but_never_loses_it(app, client, scene, runner,
                                                                          monkeypatch):
    assert upload(client, scene.draft, (documents.paper(PAPER), "paper.pdf"), action="send").status_code == 303
    publish_and_drain_in_the_web_worker(app, scene.draft)  # the outbox entry is applied, without the text

    def power_cut(*_args, **_kwargs):
        raise RuntimeError("power cut")

    # The text is kept, then the index write dies.
    monkeypatch.setattr(search_engines.configured(app.config), "writer", power_cut)
    assert runner.invoke(args=["search", "drain"]).exit_code != 0
    monkeypatch.undo()
    assert "Kafala" in stored(scene.draft)[0].extracted_text and not found(app, "kafala")

    assert runner.invoke(args=["search", "drain"]).exit_code == 0
    assert found(app, "kafala")


def test_text_beyond_the_budget_is_left_out_and_the_moderator_is_told(app, client, scene, make, runner):
    app.config["EXTRACTION_MAX_CHARS"] = 2000
    paragraphs = ["Kafala sponsorship must end."] + ["Wages and housing of migrant workers."] * 100
    paper = documents.docx_paragraphs(paragraphs + ["Zebrafinch comes last."])
    assert upload(client, scene.draft, (paper, "long.docx"), action="send").status_code == 303
    staff = publish_through_the_review_page(app, make, scene.draft)
    assert runner.invoke(args=["search", "drain"]).exit_code == 0

    assert found(app, "kafala") and not found(app, "zebrafinch")
    [attachment] = stored(scene.draft)
    assert attachment.text_incomplete and len(attachment.extracted_text) == 2000
    review = staff.get(f"/moderation/submissions/{scene.draft.id}").get_data(as_text=True)
    assert "Text partly extracted" in review


def test_a_whole_file_is_not_marked_partly_extracted(app, client, scene, make, runner):
    assert upload(client, scene.draft, (documents.docx("Decent work"), "short.docx"), action="send").status_code == 303
    staff = publish_through_the_review_page(app, make, scene.draft)
    assert runner.invoke(args=["search", "drain"]).exit_code == 0
    [attachment] = stored(scene.draft)
    assert attachment.extracted_text == "Decent work" and not attachment.text_incomplete
    assert "Text partly extracted" not in staff.get(f"/moderation/submissions/{scene.draft.id}").get_data(as_text=True)


def budget(app, **changes) -> extraction.Budget:
    app.config.update({f"EXTRACTION_{name.upper()}": value for name, value in changes.items()})
    with app.app_context():
        return extraction.Budget.from_config()


def test_a_docx_far_larger_than_the_budget_is_read_up_to_the_budget(app):
    data = documents.docx_expanding(3)
    result = extraction.read_text(data, attachments.DOCX, budget(app, max_chars=10_000))
    assert result.text.startswith("Kafala sponsorship must end.") and len(result.text) == 10_000
    assert not result.complete


def test_one_xml_token_larger_than_the_memory_budget_stops_the_reading(app):
    huge = "A" * (2 * 1024 * 1024)
    xml = (documents.DOCX_HEAD + "<w:p><w:r><w:t>Kafala first</w:t></w:r></w:p>"
           f'<w:p w:rsidR="{huge}"><w:r><w:t>Zebrafinch after</w:t></w:r></w:p>' + documents.DOCX_TAIL)
    result = extraction.read_text(documents.docx_from_xml(xml), attachments.DOCX, budget(app, memory_mb=1))
    assert "Kafala first" in result.text and "Zebrafinch" not in result.text
    assert not result.complete


def test_a_pdf_is_read_page_by_page_until_the_time_runs_out(app):
    data = documents.paper([["Kafala on page one."], ["Remittances on page two."], ["Zebrafinch on three."]])
    result = extraction.read_text(data, attachments.PDF, budget(app, seconds=0))
    assert "Kafala on page one." in result.text and "Zebrafinch" not in result.text
    assert not result.complete


def test_a_pdf_is_read_up_to_the_character_budget(app):
    data = documents.paper([["Kafala on page one."], ["Remittances on page two."], ["Zebrafinch on three."]])
    whole = extraction.read_text(data, attachments.PDF, budget(app))
    assert whole.complete and "Zebrafinch on three." in whole.text
    cut = extraction.read_text(data, attachments.PDF, budget(app, max_chars=30))
    assert cut.text == whole.text[:30] and not cut.complete


def test_an_xml_bomb_inside_a_docx_is_still_refused(app, caplog):
    xml = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    result = extraction.read_text(documents.docx_from_xml(xml), attachments.DOCX, budget(app))
    assert result.text == "" and "Could not extract text" in caplog.text
