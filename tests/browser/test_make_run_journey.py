"""A new organisation's first visit, on `make run`'s real process: the confirmation link is read
from what the server printed, as a newcomer reads it in their terminal."""
import re

from playwright.sync_api import expect

from consult import db
from tests.factories import Factories

PASSWORD = "four unrelated words here"


def submit(page, form_selector: str, button: str = "button[type=submit]"):
    page.locator(form_selector).locator(button).first.click()
    page.wait_for_load_state("load")


def test_a_new_organisation_registers_confirms_and_sends_input_under_make_run(dev_server, page):
    with dev_server.database():
        round_ = Factories().round(title="Regional consultation on ethical recruitment", slug="ethical-recruitment")
        slug = round_.slug
        db.session.commit()
    dev_server.start()
    site, email = dev_server.url, "officer@migrant-forum.example"

    # The port opens before gunicorn's workers have imported the app: on a busy machine the
    # first page can take longer than the usual 10 seconds.
    page.goto(site + "/", timeout=60_000)
    page.locator("header nav a[href='/register']").click()
    page.locator("main input[name=name]").fill("Maria Santos")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main input[name=confirm]").fill(PASSWORD)
    submit(page, "main form:has(input[name=confirm])")
    expect(page.locator("main h1")).to_have_text("Check your inbox")

    page.goto(dev_server.confirmation_link(email))
    expect(page.get_by_text("Your email address is confirmed.")).to_be_visible()
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    submit(page, "main form:has(input[name=password])")

    page.goto(site + "/organisations/new")
    page.locator("main input[name=name]").fill("Migrant Forum Asia")
    page.locator("main select[name=stakeholder_group]").select_option("migrant_diaspora")
    page.locator("main select[name=country]").select_option("PH")
    submit(page, "main form:has(input[name=registry_number])")
    expect(page.locator("main h1")).to_contain_text("Migrant Forum Asia")

    page.goto(f"{site}/rounds/{slug}")
    page.locator(f"main a[href='/rounds/{slug}/start']").first.click()
    submit(page, "main form:has(input[name=organisation_id])")
    expect(page).to_have_url(re.compile(r"/my/submissions/[A-Z0-9-]+$"))
    page.locator("main input[name=title]").fill("Zero fees for migrant workers")
    answers = page.locator("main textarea[name^=answer_]")
    answers.nth(0).fill("Employers pay all recruitment costs.")
    answers.nth(1).fill("Licence and inspect recruitment agencies.")
    page.locator("main input[name=consent]").first.check()
    submit(page, "main form:has(textarea[name^=answer_])", "button[value=send]")

    expect(page.locator(".reference")).to_have_text(re.compile(r"^[A-Z0-9]+-\d{4}-\d{4}$"))
