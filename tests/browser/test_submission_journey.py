"""An NGO officer sends input through the form, in a real browser."""
from playwright.sync_api import expect
from sqlalchemy import select

from consult import db
from consult.mail import OutgoingMail
from consult.submissions.models import Submission
from consult.submissions.states import State
from tests.factories import PASSWORD
from tests.submissions.documents import pdf


def log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_organisation_drafts_attaches_sends_and_gets_a_receipt(live_server, page, make, tmp_path):
    round_ = make.round(title="Regional consultation on ethical recruitment", timezone="Asia/Manila")
    org = make.organisation("Migrant Forum in Asia")
    make.user(organisation=org, email="officer@mfa.example")
    db.session.commit()
    paper = tmp_path / "Position paper – توصيات.pdf"
    paper.write_bytes(pdf("Zero recruitment fees"))

    log_in(page, live_server, "officer@mfa.example")
    page.get_by_role("link", name="My submissions").click()
    page.get_by_role("button", name="Start a submission to Regional consultation on ethical recruitment").click()

    page.get_by_label("Title").fill("Zero fees for migrant workers")
    page.get_by_label("Guiding question 1?").fill("Employers pay all recruitment costs.")
    expect(page.locator(".word-count").first).to_contain_text("5 / 300")
    page.get_by_label("Guiding question 2?").fill("Licence and inspect agencies.")
    page.get_by_label("Publish without our name").check()
    page.get_by_label("Attach documents").set_input_files(str(paper))
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Position paper – توصيات.pdf")).to_be_visible()
    expect(page.get_by_label("Guiding question 1?")).to_have_value("Employers pay all recruitment costs.")

    page.get_by_role("button", name="Send my input").click()
    expect(page.get_by_role("heading", name="Thank you — we have received your input")).to_be_visible()
    reference = page.locator(".reference").inner_text()
    assert reference.startswith(round_.reference_prefix + "-")
    expect(page.locator("dd", has_text="UTC")).to_contain_text("PST")  # UTC and the round's time zone (Philippine time)

    db.session.rollback()
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == "officer@mfa.example")).one()
    assert reference in mail.subject and "Employers pay all recruitment costs." in mail.body
    submission = db.session.scalars(select(Submission).where(Submission.reference == reference)).one()
    assert submission.state.value == "submitted" and len(submission.attachments) == 1

    page.get_by_role("link", name="A printable copy of what we received").click()
    expect(page.get_by_text("Licence and inspect agencies.")).to_be_visible()
    expect(page.get_by_text(submission.attachments[0].sha256)).to_be_visible()


def test_text_typed_before_a_failed_send_is_offered_back_by_the_browser(live_server, page, make):
    round_ = make.round()
    org = make.organisation()
    make.user(organisation=org, email="night@ngo.example")
    submission = make.submission(round_, org, state=State.DRAFT, title="Draft")
    db.session.commit()
    log_in(page, live_server, "night@ngo.example")
    page.goto(f"{live_server}/my/submissions/{submission.reference}")
    page.get_by_label("Guiding question 1?").fill("Words typed at midnight.")
    # The connection drops (or the session ends) and the page is reloaded from the server.
    page.reload()
    expect(page.get_by_text("This browser kept a copy of text you typed earlier")).to_be_visible()
    page.get_by_role("button", name="Restore my text").click()
    expect(page.get_by_label("Guiding question 1?")).to_have_value("Words typed at midnight.")
