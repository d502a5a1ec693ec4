"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide nothing scrolls sideways, on the main pages of
each kind of person (public, organisation, convener), in English and in French, whose words
are longer. Also: the error summary takes the focus, and passwords can be pasted."""
import pytest
from playwright.sync_api import expect

from consult import db
from consult.security import Role
from consult.submissions.states import State
from tests.factories import PASSWORD

PUBLIC = ["/", "/rounds", "/search?q=recruitment", "/rounds/{slug}", "/submissions/{reference}", "/recommendations", "/statistics",
          "/open-data", "/login", "/register"]
MEMBER = ["/my/submissions", "/my/submissions/{draft}", "/organisations/new", "/account"]
CONVENER = ["/my-rounds/", "/my-rounds/new", "/my-rounds/{slug}", "/moderation/rounds/{slug}",
            "/moderation/submissions/{submission_id}"]


def overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_horizontal_scroll_at_320_pixels(live_server, browser, make, lang):
    convener = make.user(Role.CONVENER, email=f"narrow-convener-{lang}@gov.example")
    round_ = make.round(title="Regional consultation on ethical recruitment and the portability of social security",
                        slug=f"narrow-{lang}", convener=convener)
    org = make.organisation("International Federation of Domestic Workers and Migrant Associations")
    make.user(organisation=org, email=f"narrow-officer-{lang}@ngo.example")
    published = make.submission(round_, org, title="Portability of social security entitlements for circular migrants")
    other = make.organisation("Second organisation")
    make.user(organisation=other, email=f"narrow-drafter-{lang}@ngo.example")
    draft = make.submission(round_, other, state=State.DRAFT, title="A draft")
    db.session.commit()
    values = {"slug": round_.slug, "reference": published.reference, "draft": draft.reference,
              "submission_id": published.id}

    wide: list[str] = []
    for email, paths in ((None, PUBLIC), (f"narrow-drafter-{lang}@ngo.example", MEMBER),
                         (f"narrow-convener-{lang}@gov.example", CONVENER)):
        context = browser.new_context(locale={"en": "en-GB", "fr": "fr-FR"}[lang],
                                      viewport={"width": 320, "height": 640})
        page = context.new_page()
        if email:
            page.goto(live_server + "/login")
            page.locator("main input[name=email]").fill(email)
            page.locator("main input[name=password]").fill(PASSWORD)
            page.locator("main form:has(input[name=password]) button[type=submit]").click()
            page.wait_for_load_state("load")
        for path in paths:
            page.goto(live_server + path.format(**values))
            expect(page.locator("html")).to_have_attribute("lang", lang)
            if (width := overflow(page)) > 320:
                wide.append(f"{path}: {width}px")
        context.close()
    assert not wide, "pages wider than 320 px: " + ", ".join(wide)


def test_a_password_can_be_pasted(live_server, page):
    page.goto(live_server + "/login")
    field = page.locator("main input[name=password]")
    field.focus()
    # A paste event that the page does not cancel puts the text in (what a password manager does).
    cancelled = page.evaluate("""() => {
        const input = document.querySelector('main input[name=password]');
        const data = new DataTransfer(); data.setData('text/plain', 'pasted secret');
        const event = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
        return !input.dispatchEvent(event);
    }""")
    assert cancelled is False
    assert field.get_attribute("onpaste") is None and field.get_attribute("autocomplete") == "current-password"


def test_personal_fields_say_what_they_hold(live_server, page, make):
    make.user(email="someone@ngo.example")
    db.session.commit()
    page.goto(live_server + "/register")
    expect(page.locator("main input[name=name]")).to_have_attribute("autocomplete", "name")
    expect(page.locator("main input[name=email]")).to_have_attribute("autocomplete", "email")
    expect(page.locator("main input[name=password]")).to_have_attribute("autocomplete", "new-password")
    page.goto(live_server + "/login")
    page.locator("main input[name=email]").fill("someone@ngo.example")
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form:has(input[name=password]) button[type=submit]").click()
    page.goto(live_server + "/organisations/new")
    expect(page.locator("main input[name=name]")).to_have_attribute("autocomplete", "organization")
