"""The three journeys of the issue, in English and in French, with axe-core on every page they
visit (tests/browser/a11y.py) and the Nu HTML Checker on all of them at the end.

Controls are found by their names and by the URLs they lead to, not by their visible words,
so that one script drives both languages; what the person reads is checked through the page's
language and the structure the checks see.
"""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult import db
from consult.mail import OutgoingMail
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import Round
from consult.search import indexer, searcher
from consult.security import Role
from consult import files as attachments
from consult.submissions.models import Submission
from consult.submissions.states import Action, State
from tests.browser.a11y import check
from tests.factories import PASSWORD
from tests.submissions.documents import pdf

pytestmark = pytest.mark.long


def submit(page, form_selector: str = "main form[method=post]", button: str = "button[type=submit]"):
    page.locator(form_selector).locator(button).first.click()
    page.wait_for_load_state("load")


def assert_language(page, lang: str):
    expect(page.locator("html")).to_have_attribute("lang", lang)


def log_in(page, live_server, email, html_pages):
    page.goto(live_server + "/login")
    check(page, html_pages)
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    submit(page, "main form:has(input[name=password])")


def test_organisation_journey(live_server, journey_page, make, html_pages, tmp_path):
    page, lang = journey_page, journey_page.lang
    round_ = make.round(title="Regional consultation on ethical recruitment", slug=f"recruitment-{lang}")
    db.session.commit()
    email = f"officer-{lang}@forum.example"
    paper = tmp_path / "position-paper.pdf"
    paper.write_bytes(pdf("Zero recruitment fees"))

    page.goto(live_server + "/")
    assert_language(page, lang)
    check(page, html_pages)
    page.locator("header nav a[href='/register']").click()
    check(page, html_pages)

    # A failed first try: the error summary takes the focus and the title says so.
    page.locator("main input[name=name]").fill("Maria Santos")
    submit(page, "main form:has(input[name=confirm])")
    expect(page.locator("#error-summary")).to_be_focused()
    assert re.match(r"^(Error|Erreur)\s?:", page.title()), page.title()
    expect(page.locator("main input[name=name]")).to_have_value("Maria Santos")
    check(page, html_pages)

    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill("four unrelated words here")
    page.locator("main input[name=confirm]").fill("four unrelated words here")
    submit(page, "main form:has(input[name=confirm])")
    expect(page).to_have_url(re.compile(r"/check-inbox|/inbox|registered"))
    check(page, html_pages)

    db.session.rollback()
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == email)).one()
    link = re.search(r"https?://\S+/confirm/\S+", mail.body).group(0)
    page.goto(link)
    check(page, html_pages)  # the login page, with the confirmation message
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill("four unrelated words here")
    submit(page, "main form:has(input[name=password])")
    check(page, html_pages)

    page.goto(live_server + "/organisations/new")
    check(page, html_pages)
    page.locator("main input[name=name]").fill(f"Migrant Forum {lang.upper()}")
    page.locator("main select[name=stakeholder_group]").select_option(StakeholderGroup.MIGRANT_DIASPORA.value)
    page.locator("main select[name=country]").select_option("PH")
    submit(page, "main form:has(input[name=registry_number])")
    check(page, html_pages)

    page.goto(f"{live_server}/rounds/{round_.slug}")
    check(page, html_pages)
    page.goto(f"{live_server}/rounds/{round_.slug}/start")
    check(page, html_pages)
    submit(page, "main form:has(input[name=organisation_id])")
    expect(page).to_have_url(re.compile(r"/my/submissions/[A-Z0-9-]+$"))
    check(page, html_pages)

    page.locator("main input[name=title]").fill("Zero fees for migrant workers")
    answers = page.locator("main textarea[name^=answer_]")
    answers.nth(0).fill("Employers pay all recruitment costs.")
    answers.nth(1).fill("Licence and inspect agencies.")
    page.locator("main input[name=consent]").first.check()
    page.locator("main input[type=file]").set_input_files(str(paper))
    submit(page, "main form:has(input[type=file])", "button[value=save]")
    expect(page.locator("main a", has_text="position-paper.pdf")).to_be_visible()
    check(page, html_pages)

    submit(page, "main form:has(input[type=file])", "button[value=send]")
    expect(page.locator(".reference")).to_be_visible()
    check(page, html_pages)
    reference = page.locator(".reference").inner_text()
    db.session.rollback()
    submission = db.session.scalars(select(Submission).where(Submission.reference == reference)).one()
    assert submission.state == State.SUBMITTED and len(submission.attachments) == 1

    page.locator("main a[href*='/versions/']").first.click()
    expect(page.get_by_text("Licence and inspect agencies.")).to_be_visible()
    check(page, html_pages)
    page.goto(live_server + "/my/submissions")
    check(page, html_pages)


def test_convener_journey(live_server, journey_page, make, html_pages):
    page, lang = journey_page, journey_page.lang
    make.user(Role.CONVENER, email=f"convener-{lang}@gov.example", name="Carla Convener")
    union = make.organisation(f"Domestic Workers Union {lang}", group=StakeholderGroup.TRADE_UNION)
    db.session.commit()
    slug = f"labour-migration-{lang}"

    log_in(page, live_server, f"convener-{lang}@gov.example", html_pages)
    assert_language(page, lang)
    page.locator("header nav a[href^='/my-rounds']").click()
    check(page, html_pages)
    page.goto(live_server + "/my-rounds/new")
    check(page, html_pages)
    form = "main form:has(input[name=reference_prefix])"
    page.locator("main input[name=title]").fill("National consultation on labour migration")
    page.locator("main input[name=slug]").fill(slug)
    page.locator("main textarea[name=summary]").fill("What should change in recruitment?")
    page.locator("main input[name=opens_at]").fill("2020-01-01T09:00")
    page.locator("main input[name=closes_at]").fill("2040-01-01T09:00")
    page.locator("main input[name=publication_policy]").first.check()
    page.locator("main input[name=reference_prefix]").fill(f"NCL{lang.upper()}")
    submit(page, form, "button:not([name=preview])")
    expect(page).to_have_url(f"{live_server}/my-rounds/{slug}")
    check(page, html_pages)

    page.goto(f"{live_server}/my-rounds/{slug}/questions/new")
    check(page, html_pages)
    page.locator("main textarea[name=text]").fill("How should recruitment fees be ended?")
    submit(page, "main form:has(textarea[name=text])")
    page.goto(f"{live_server}/my-rounds/{slug}/publish")
    check(page, html_pages)
    page.locator("main textarea[name=reason]").fill("Ready for input.")
    submit(page, "main form:has(textarea[name=reason])")
    expect(page).to_have_url(f"{live_server}/my-rounds/{slug}")
    check(page, html_pages)

    db.session.rollback()
    round_ = db.session.scalars(select(Round).where(Round.slug == slug)).one()
    target = make.submission(round_, union, state=State.SUBMITTED, title="Passports kept by employers",
                             answers={q.key: "Our member Ana Reyes lost her passport." for q in round_.questions})
    db.session.commit()

    page.locator("header nav a[href^='/moderation']").click()
    check(page, html_pages)
    page.goto(f"{live_server}/moderation/rounds/{slug}")
    check(page, html_pages)
    page.locator(f"main a[href='/moderation/submissions/{target.id}']").first.click()
    check(page, html_pages)
    redaction = "main form.redaction-form"
    page.locator(f"{redaction} select[name=field]").select_option(index=2)  # the answer
    page.locator(f"{redaction} textarea[name=passage]").fill("Ana Reyes")
    page.locator(f"{redaction} input[name=reason]").first.check()
    submit(page, redaction)
    expect(page.locator("main form[action^='/moderation/redactions/']")).to_have_count(1)  # it can be removed
    expect(page).to_have_url(re.compile(rf"/moderation/submissions/{target.id}(#redactions)?$"))
    check(page, html_pages)
    decision = "main form:has(input[name=action])"
    page.locator(f"{decision} input[name=action][value=publish]").check()
    submit(page, decision)
    check(page, html_pages)
    db.session.rollback()
    assert db.session.scalar(select(Submission.state).where(Submission.id == target.id)) == State.PUBLISHED

    page.goto(f"{live_server}/my-rounds/{slug}/close")
    page.locator("main textarea[name=reason]").fill("Enough input received.")
    submit(page, "main form:has(textarea[name=reason])")
    page.goto(f"{live_server}/rounds/{slug}/outcome/recommendations/new")
    check(page, html_pages)
    page.locator("main textarea[name=text]").fill("End recruitment fees charged to workers.")
    page.locator("main input[name=addressee]").first.check()
    page.locator("main input[name=addressee_name]").fill("Ministry of Labour")
    submit(page, "main form:has(textarea[name=text])", "button:not([name=find])")
    expect(page).to_have_url(re.compile(rf"/rounds/{slug}/outcome"))
    check(page, html_pages)
    submit(page, f"main form[action='/rounds/{slug}/outcome/publish']")
    check(page, html_pages)
    page.goto(f"{live_server}/rounds/{slug}/outcome")
    public = page.context.browser.new_page(locale={"en": "en-GB", "fr": "fr-FR"}[lang])
    public.goto(f"{live_server}/rounds/{slug}/outcome")
    expect(public.get_by_text("End recruitment fees charged to workers.")).to_be_visible()
    check(public, html_pages)
    public.goto(f"{live_server}/submissions/{target.reference}")
    expect(public.get_by_text("Ana Reyes")).to_have_count(0)
    check(public, html_pages)
    public.close()


def test_public_journey(live_server, journey_page, make, html_pages, app):
    page, lang = journey_page, journey_page.lang
    from consult.submissions import services as submission_services

    round_ = make.round(title="Regional consultation on ethical recruitment", slug=f"ethical-{lang}")
    union = make.organisation(f"Domestic Workers Union {lang}", group=StakeholderGroup.TRADE_UNION)
    submission = make.submission(round_, union, state=State.DRAFT, title="No fees for domestic workers",
                                 answers={"q1": "Employers must pay all recruitment costs.", "q2": "Inspect agencies."})
    with app.app_context():
        evidence = attachments.prepare(pdf("Evidence"), "evidence.pdf", max_bytes=10 * 1024 * 1024)
        assert submission_services.add_attachments(submission, [evidence], actor=None) == []
    for action in (Action.SUBMIT, Action.PUBLISH):
        submission_services.transition(submission, action, actor=None, reason="test")
    db.session.commit()
    with app.app_context():  # the indexer, as the drain after a request would run it
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)

    page.goto(live_server + "/")
    assert_language(page, lang)
    check(page, html_pages)
    page.locator("header nav a[href='/rounds']").click()
    check(page, html_pages)
    page.locator(f"main a[href='/rounds/{round_.slug}']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regional consultation on ethical recruitment")
    check(page, html_pages)
    page.locator(f"main a[href='/submissions/{submission.reference}']").first.click()
    expect(page.get_by_text("Employers must pay all recruitment costs.")).to_be_visible()
    check(page, html_pages)

    # Search, then narrow by a facet (stakeholder group); the submission is still found.
    page.locator("header nav a[href='/search']").click()
    check(page, html_pages)
    page.locator("main form[role=search] input[name=q]").first.fill("recruitment")
    page.locator("main form[role=search] input[name=q]").first.press("Enter")
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/search\?"))
    expect(page.locator(f"main a[href='/submissions/{submission.reference}']")).to_have_count(1)
    check(page, html_pages)
    page.locator("main .search-facets a[href*='group=trade_union']").first.click()
    expect(page).to_have_url(re.compile(r"group=trade_union"))
    expect(page.locator(f"main a[href='/submissions/{submission.reference}']")).to_have_count(1)
    check(page, html_pages)
    page.locator(f"main a[href='/submissions/{submission.reference}']").first.click()
    with page.expect_download() as download:
        page.locator("main a[href^='/attachments/']").first.click()
    assert download.value.suggested_filename == "evidence.pdf"
    for path in (f"/rounds/{round_.slug}/statistics", "/statistics", "/open-data", "/recommendations"):
        page.goto(live_server + path)
        check(page, html_pages)
    searcher.close_all()
