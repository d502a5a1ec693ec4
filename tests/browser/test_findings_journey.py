"""From input to a finding the public can check: a convener tags three passages, accepts two
suggestions, reads the convergence matrix, cites a passage in a recommendation and publishes
the outcome with its analysis; the public then sees the matrix and the citation."""
from playwright.sync_api import expect

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.security import Role
from consult.submissions.states import State
from tests.analysis.test_suggestions import FEES, OTHER
from tests.browser.test_analysis_journey import select_in
from tests.factories import PASSWORD

THEME = "Session 1: ethical recruitment"


def tag(page, live_server, round_, submission, passage: str, stance: str) -> None:
    page.goto(f"{live_server}/rounds/{round_.slug}/analysis/submissions/{submission.id}")
    select_in(page, passage)
    page.get_by_label("Theme").select_option(label=THEME)
    page.get_by_role("radio", name=stance).check()
    page.get_by_role("button", name="Tag", exact=True).click()
    expect(page.get_by_text("Tagged.")).to_be_visible()


def test_convener_turns_tagged_input_into_a_cited_recommendation(app, live_server, page, make):
    convener = make.user(Role.CONVENER, email="convener@gov.example", name="Carla Convener")
    round_ = make.closed_round(title="National consultation on labour migration", convener=convener)
    groups = [StakeholderGroup.TRADE_UNION, StakeholderGroup.CIVIL_SOCIETY, StakeholderGroup.TRADE_UNION,
              StakeholderGroup.CIVIL_SOCIETY, StakeholderGroup.TRADE_UNION]
    submissions = [
        make.submission(round_, make.organisation(f"Organisation {i}", group=group), state=State.PUBLISHED,
                        title=f"Input {i}", answers={"q1": text})
        for i, (group, text) in enumerate(zip(groups + [StakeholderGroup.ACADEMIA] * 3, FEES + OTHER))
    ]
    make.outcome(round_, text="Ban recruitment fees charged to workers.")
    db.session.commit()

    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("convener@gov.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server}/rounds/{round_.slug}/outcome")
    page.get_by_role("link", name="Analysis of the input").click()
    page.get_by_label("The round's sessions").check()
    page.get_by_role("button", name="Start the codebook").click()

    # Three passages tagged by hand.
    tag(page, live_server, round_, submissions[0], "illegal fees that push them into debt bondage", "Supports")
    tag(page, live_server, round_, submissions[1], "Employers should pay all recruitment fees", "Supports")
    tag(page, live_server, round_, submissions[2], "Debt from recruitment fees", "Supports")

    # Two suggestions accepted.
    page.goto(f"{live_server}/rounds/{round_.slug}/analysis")
    page.get_by_role("link", name=f"Suggestions {THEME}").click()
    for text in FEES[3:5]:
        suggestion = page.locator("li.suggestion", has_text=text)
        suggestion.get_by_label("Stance").select_option(label="Supports")
        suggestion.get_by_role("button", name="Confirm").click()
        expect(suggestion).to_have_count(0)
    page.goto(f"{live_server}/rounds/{round_.slug}/analysis")

    # The matrix: five passages, three from trade unions and two from NGOs, all in support.
    page.get_by_role("link", name="Convergence matrix: themes by stakeholder group").click()
    table = page.get_by_role("table", name="Convergence of the stakeholder groups")
    row = table.get_by_role("row", name=THEME)
    expect(row).to_contain_text("All groups agree")
    expect(row).to_contain_text("3 submissions, 3 passages")
    expect(row).to_contain_text("2 submissions, 2 passages")

    # A passage cited in the recommendation, then the outcome and its analysis published.
    page.goto(f"{live_server}/rounds/{round_.slug}/outcome")
    page.get_by_role("link", name="Cite passages in").first.click()
    page.get_by_label("Theme").select_option(label=THEME)
    page.get_by_role("button", name="Show its passages").click()
    page.get_by_label("Employers should pay all recruitment fees", exact=False).check()
    page.get_by_role("button", name="Cite the ticked passages").click()
    expect(page.get_by_text("1 passage cited.")).to_be_visible()
    page.goto(f"{live_server}/rounds/{round_.slug}/outcome")
    page.get_by_role("button", name="Publish the outcome").click()
    page.get_by_role("link", name="Analysis of the input").click()
    page.get_by_role("button", name="Publish the analysis with the outcome").click()
    expect(page.get_by_text("The analysis is published with the outcome: the public can read it.")).to_be_visible()

    public = page.context.browser.new_page()
    public.goto(f"{live_server}/rounds/{round_.slug}/outcome")
    expect(public.get_by_text("Employers should pay all recruitment fees").first).to_be_visible()
    public.goto(f"{live_server}/rounds/{round_.slug}/analysis/matrix")
    expect(public.get_by_role("table", name="Convergence of the stakeholder groups")
           .get_by_role("row", name=THEME)).to_contain_text("All groups agree")
    public.close()
