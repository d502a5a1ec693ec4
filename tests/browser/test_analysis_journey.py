"""A convener starts a round's codebook from its sessions, opens a submission from the review
page, selects a passage (the tagging form fills itself), tags it and sees it highlighted;
after the outcome is published, the published analysis shows the passage to the public."""
from playwright.sync_api import expect

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.security import Role
from consult.submissions.states import State
from tests.factories import PASSWORD

ANSWER = "Recruitment agencies must answer for the fees their sub-agents collect. Inspect them every year."
PASSAGE = "answer for the fees their sub-agents collect"


def select_in(page, passage: str) -> None:
    """Select ``passage`` in the answer's text as a mouse would, then release the button."""
    page.evaluate("""(passage) => {
        const text = [...document.querySelectorAll('[data-part]')].map(e => e.firstChild)
            .find(node => node && node.textContent.includes(passage));
        const start = text.textContent.indexOf(passage);
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + passage.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", passage)


def test_convener_tags_a_selected_passage_and_publishes_the_analysis(app, live_server, page, make):
    convener = make.user(Role.CONVENER, email="convener@gov.example", name="Carla Convener")
    round_ = make.closed_round(title="National consultation on labour migration", convener=convener)
    union = make.organisation("Domestic Workers Union", group=StakeholderGroup.TRADE_UNION)
    target = make.submission(round_, union, state=State.PUBLISHED, title="Fees and sub-agents",
                             answers={"q1": ANSWER, "q2": "Ratify C181."})
    make.outcome(round_)
    db.session.commit()

    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("convener@gov.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server}/rounds/{round_.slug}/outcome")
    page.get_by_role("link", name="Analysis of the input").click()
    page.get_by_label("The round's sessions").check()
    page.get_by_role("button", name="Start the codebook").click()
    expect(page.get_by_text("The codebook is started.")).to_be_visible()

    page.goto(f"{live_server}/moderation/submissions/{target.id}")
    page.get_by_role("link", name="Analyse and tag this submission").click()
    select_in(page, PASSAGE)
    expect(page.get_by_label("Passage", exact=True)).to_have_value(PASSAGE)
    expect(page.get_by_label("Part of the submission")).to_have_value(f"answer:{round_.questions[0].id}")
    page.get_by_label("Theme").select_option(label="Session 1: ethical recruitment")
    page.get_by_role("radio", name="Supports").check()
    page.get_by_role("button", name="Tag", exact=True).click()
    expect(page.get_by_text("Tagged.")).to_be_visible()
    expect(page.locator("mark.tagged")).to_have_text(PASSAGE)

    page.goto(f"{live_server}/rounds/{round_.slug}/outcome")
    page.get_by_role("button", name="Publish the outcome").click()
    page.get_by_role("link", name="Analysis of the input").click()
    page.get_by_role("button", name="Publish the analysis with the outcome").click()
    expect(page.get_by_text("The analysis is published with the outcome: the public can read it.")).to_be_visible()

    public = page.context.browser.new_page()
    public.goto(f"{live_server}/rounds/{round_.slug}/outcome")
    public.get_by_role("link", name="Analysis of the input").click()
    public.get_by_role("link", name="Session 1: ethical recruitment").click()
    expect(public.get_by_text(PASSAGE)).to_be_visible()
    expect(public.get_by_role("link", name=target.reference)).to_be_visible()
    public.close()
