"""`make run` as a newcomer meets it: the real server process and what it prints."""
from sqlalchemy import select

from consult import db
from consult.auth.models import User
from tests.devserver import Browser

EMAIL = "newcomer@ngo.example"
PASSWORD = "four unrelated words here"


def test_a_newcomer_confirms_their_account_from_what_make_run_printed(dev_server):
    dev_server.start()
    browser = Browser(dev_server.url)
    status, page = browser.submit("/register", {"name": "Amina Diallo", "email": EMAIL,
                                                "password": PASSWORD, "confirm": PASSWORD})
    assert status == 200 and "Check your inbox" in page

    link = dev_server.confirmation_link(EMAIL)
    printed = dev_server.stdout()
    assert f"To: {EMAIL}" in printed and "Subject: " in printed

    status, page = browser.get(link)
    assert status == 200 and "Your email address is confirmed." in page
    with dev_server.database():
        assert db.session.scalar(select(User).where(User.email == EMAIL)).email_confirmed_at is not None
    assert "WARNING" not in dev_server.stderr()  # served on loopback: nothing to warn about


def test_make_run_warns_loudly_when_it_serves_beyond_this_machine(dev_server):
    dev_server.host = "0.0.0.0"
    dev_server.start()
    warning = dev_server.wait_for_output(r"WARNING.*", stream="stderr").group(0)
    assert "0.0.0.0" in warning and "development" in warning
