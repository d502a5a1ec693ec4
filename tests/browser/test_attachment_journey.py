"""A moderator sees a phone number flagged in an attached PDF, redacts it from the flag and
publishes; the public downloads the redacted version of the file and cannot find the number
by search."""
from playwright.sync_api import expect

from consult import db, files
from consult.search import indexer
from consult.security import Role
from consult.submissions.models import Attachment
from consult.submissions.states import State
from tests.factories import PASSWORD
from tests.submissions import documents

PHONE = "+961 3 123 456"


def test_moderator_redacts_a_phone_number_flagged_in_an_attached_pdf(app, live_server, page, make):
    moderator = make.user(Role.MODERATOR, email="moderator@gov.example", name="Mona Moderator")
    round_ = make.round(title="Consultation on domestic work", moderator=moderator)
    union = make.organisation("Domestic Workers Union")
    target = make.submission(round_, union, state=State.SUBMITTED, title="Passports kept by employers",
                             answers={"q1": "See our paper.", "q2": "Inspect employers."})
    with app.app_context():
        stored = files.store(documents.pdf(f"Maria Lopez, phone {PHONE}, lost her passport"), "findings.pdf",
                             max_bytes=10 * 1024 * 1024)
    db.session.add(Attachment(submission=target, **vars(stored)))
    db.session.commit()
    with app.app_context():  # the indexer's process reads the file's text, as `search watch` does
        indexer.read_pending_attachments()

    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("moderator@gov.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server}/moderation/submissions/{target.id}")
    # The personal-data flags list the phone number found in the attached PDF's text.
    flag = page.locator("#personal-data li").filter(has_text="Attachment: findings.pdf").filter(has_text=PHONE)
    expect(flag).to_contain_text("Phone number")
    flag.get_by_role("button", name="Redact (personal data)").click()
    expect(page.get_by_text("The passage is withheld from the public.")).to_be_visible()
    expect(page.locator("#personal-data li").filter(has_text=PHONE).first).to_contain_text("Redacted")

    page.get_by_label("Publish").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()

    public = page.context.browser.new_page()
    public.goto(f"{live_server}/submissions/{target.reference}")
    with public.expect_download() as info:
        public.get_by_role("link", name="findings (redacted).txt").click()
    download = info.value
    assert download.suggested_filename == "findings (redacted).txt"
    text = open(download.path(), encoding="utf-8").read()
    assert "[redacted: personal data]" in text and PHONE not in text and "lost her passport" in text

    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    public.goto(f"{live_server}/search?q=passport")
    expect(public.get_by_role("link", name="Passports kept by employers")).to_be_visible()
    for number in ("961", "123+456", "%2B961+3+123+456"):
        public.goto(f"{live_server}/search?q={number}")
        expect(public.get_by_role("link", name="Passports kept by employers")).to_have_count(0)
