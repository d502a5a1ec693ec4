"""A member of the public finds a round and reads what was published, in a real browser."""
from playwright.sync_api import expect

from consult import db
from consult.organisations.models import StakeholderGroup


def test_visitor_finds_a_round_and_reads_published_input(live_server, page, make):
    round_ = make.round(title="Regional consultation on ethical recruitment")
    union = make.organisation("Domestic Workers Union", group=StakeholderGroup.TRADE_UNION)
    make.submission(round_, union, title="No fees for domestic workers",
                    answers={"q1": "Employers must pay all recruitment costs.", "q2": "Inspect agencies."})
    db.session.commit()

    page.goto(live_server + "/")
    page.get_by_role("link", name="Regional consultation on ethical recruitment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regional consultation on ethical recruitment")
    expect(page.get_by_role("heading", name="Guiding questions")).to_be_visible()

    page.get_by_role("link", name="No fees for domestic workers").click()
    expect(page.get_by_text("Employers must pay all recruitment costs.")).to_be_visible()
    expect(page.get_by_text("Domestic Workers Union")).to_be_visible()


def test_keyboard_user_can_skip_to_the_main_content(live_server, page):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
