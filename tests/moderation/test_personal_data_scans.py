"""The detector's findings are kept per text version: the review page does not scan a long
file's text again on each view, and a new version of the text is scanned afresh."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from consult import db, files
from consult.moderation import scans
from consult.moderation.models import PersonalDataScan
from consult.search import indexer
from consult.submissions.models import Attachment
from consult.submissions.states import State
from tests.conftest import login

PHONE = "+961 3 123 456"
FILLER = "Recruitment fees push workers into debt before they even leave home. " * 80


@pytest.fixture()
def counted(monkeypatch):
    """Count the detector's runs on long texts (short parts are scanned each time, by design)."""
    runs = []
    real = scans.find

    def find(text, regions=()):
        if len(text) >= scans.CACHED_FROM_CHARS:
            runs.append(len(text))
        return real(text, regions)

    monkeypatch.setattr(scans, "find", find)
    scans._memory.clear()
    return runs


def with_long_file(app, make, staff, text):
    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="A long paper")
    with app.app_context():
        stored = files.store(text.encode(), "paper.txt", max_bytes=1024 * 1024)
    db.session.add(Attachment(submission=submission, **vars(stored)))
    db.session.commit()
    return submission


def flagged(client, submission) -> bool:
    html = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    return f"<code>{PHONE}</code> — Attachment: paper.txt" in html


def test_the_indexer_scans_a_file_once_and_every_view_uses_that_scan(app, client, make, staff, counted):
    submission = with_long_file(app, make, staff, f"{FILLER} Call Maria on {PHONE}. {FILLER}")
    with app.app_context():  # the indexer's process reads the file and scans its text
        indexer.read_pending_attachments()
    assert counted == [len(FILLER) * 2 + len(f" Call Maria on {PHONE}. ")]
    kept = db.session.scalars(select(PersonalDataScan)).one()
    assert [kind for kind, _start, _end in kept.findings] == ["phone"]
    login(client, staff.moderator)
    assert flagged(client, submission) and flagged(client, submission)
    assert len(counted) == 1  # neither view scanned the file again


def test_a_text_scanned_on_a_view_is_not_scanned_again_but_a_new_version_is(app, client, make, staff, counted):
    submission = with_long_file(app, make, staff, f"{FILLER} Call Maria on {PHONE}.")
    attachment = submission.attachments[0]
    attachment.extracted_text = f"{FILLER} Call Maria on {PHONE}."  # read before scans were kept
    db.session.commit()
    login(client, staff.moderator)
    assert flagged(client, submission) and flagged(client, submission)
    assert len(counted) == 1
    attachment.extracted_text = f"{FILLER} Nothing personal here."  # a new version of the text
    db.session.commit()
    assert not flagged(client, submission)
    assert len(counted) == 2
