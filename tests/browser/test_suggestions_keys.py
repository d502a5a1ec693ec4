"""An analyst goes through suggestions with the keyboard: "y" confirms the focused one, "n"
dismisses the next, each time without leaving the page and with the focus on the next one."""
from playwright.sync_api import expect
from sqlalchemy import select

from consult import db
from consult.analysis.models import Dismissal, Tag
from consult.organisations.models import StakeholderGroup
from consult.security import Role
from consult.submissions.states import State
from tests.analysis import suggestion_factories as analysis
from tests.analysis.test_suggestions import FEES, OTHER
from tests.factories import PASSWORD


def test_y_confirms_and_n_dismisses_the_focused_suggestion(app, live_server, page, make):
    convener = make.user(Role.CONVENER, email="analyst@gov.example")
    round_ = make.round(convener=convener, questions=1)
    union = make.organisation("Migrant Workers Union", group=StakeholderGroup.TRADE_UNION)
    submissions = [make.submission(round_, union, answers={"q1": text}, state=State.SUBMITTED) for text in FEES + OTHER]
    theme = analysis.theme(round_, "Recruitment fees")
    for submission in submissions[:3]:
        analysis.tag(theme, submission)
    db.session.commit()

    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("analyst@gov.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server}/rounds/{round_.slug}/analysis/themes/{theme.id}/suggestions")

    suggestions = page.locator("li.suggestion")
    count = suggestions.count()
    assert count >= 2
    first_text = suggestions.nth(0).locator("blockquote").inner_text()
    second_text = suggestions.nth(1).locator("blockquote").inner_text()
    suggestions.nth(0).focus()
    page.keyboard.press("y")
    expect(suggestions).to_have_count(count - 1)
    expect(page.locator("li.suggestion:focus blockquote")).to_have_text(second_text)
    page.keyboard.press("n")
    expect(suggestions).to_have_count(count - 2)

    db.session.expire_all()
    db.session.commit()
    assert db.session.scalar(select(Tag.passage).where(Tag.from_suggestion.is_(True))) == first_text
    assert db.session.scalar(select(Dismissal.passage)) == second_text
    page.reload()
    expect(page.get_by_text(first_text, exact=True)).to_have_count(0)
    expect(page.get_by_text(second_text, exact=True)).to_have_count(0)
