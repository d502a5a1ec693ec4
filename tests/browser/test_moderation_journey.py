"""A convener logs in, filters the queue, withholds a passage and publishes; the public page
shows the redaction marker and not the passage, and search finds the submission by its
other words but not by the withheld ones."""
from playwright.sync_api import expect

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.search import indexer
from consult.security import Role
from consult.submissions.states import State
from tests.factories import PASSWORD


def test_convener_redacts_and_publishes(app, live_server, page, make):
    convener = make.user(Role.CONVENER, email="convener@gov.example", name="Carla Convener")
    round_ = make.round(title="National consultation on labour migration", convener=convener)
    union = make.organisation("Domestic Workers Union", group=StakeholderGroup.TRADE_UNION)
    ngo = make.organisation("Diaspora Forum", group=StakeholderGroup.MIGRANT_DIASPORA)
    target = make.submission(round_, union, state=State.SUBMITTED, title="Passports kept by employers",
                             answers={"q1": "Our member Ana Reyes, phone 0917 555 0101, lost her passport.",
                                      "q2": "Inspect employers."})
    make.submission(round_, ngo, state=State.SUBMITTED, title="Remittance costs")
    db.session.commit()

    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("convener@gov.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Moderation").click()
    page.get_by_label("Stakeholder group").select_option("trade_union")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Remittance costs")).to_have_count(0)
    page.get_by_role("link", name="Passports kept by employers").click()

    flags = page.get_by_role("region", name="Possible personal data (1)")
    expect(flags.get_by_text("0917 555 0101")).to_be_visible()  # a Philippine number, the union's country

    page.get_by_label("Part of the submission").select_option(label="Answer to: Guiding question 1?")
    page.get_by_label("Passage to withhold").fill("Ana Reyes, phone 0917 555 0101")
    page.get_by_role("radio", name="Personal data").check()
    page.get_by_role("button", name="Withhold this passage").click()
    expect(page.get_by_text("The passage is withheld from the public.")).to_be_visible()
    expect(page.get_by_role("region", name="Possible personal data (0 of 1 not redacted)")).to_be_visible()

    page.get_by_label("Publish").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()

    public = page.context.browser.new_page()
    public.goto(f"{live_server}/submissions/{target.reference}")
    expect(public.get_by_text("[redacted: personal data]")).to_be_visible()
    expect(public.get_by_text("Ana Reyes")).to_have_count(0)
    expect(public.get_by_text("lost her passport")).to_be_visible()

    # Search finds it by its other words ... (the decision's request drains the outbox when
    # the index is free; otherwise the indexer process does, as `search watch` would here)
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    public.goto(f"{live_server}/search?q=passport")
    expect(public.get_by_role("link", name="Passports kept by employers")).to_be_visible()
    # ... and never by the withheld ones.
    public.goto(f"{live_server}/search?q=Reyes")
    expect(public.get_by_role("link", name="Passports kept by employers")).to_have_count(0)
    public.close()
