"""axe-core on every page each kind of visitor reaches by following links (tests/browser/crawl.py),
on the demo's data: a new page cannot escape the accessibility checks by being left out of the
journeys. Its HTML also goes to the Nu HTML Checker with the journeys' pages."""
from __future__ import annotations

import pytest

from consult import db
from consult.demo import loader
from consult.search import indexer, searcher
from tests.browser.a11y import REPORT_ONLY, describe
from tests.browser.crawl import crawl

pytestmark = pytest.mark.long

VISITORS = [
    ("anonymous", None),
    ("member", "ngo@consult.example"),
    ("moderator", "moderator@consult.example"),
    ("convener", "convener@consult.example"),
    ("admin", "admin@consult.example"),
]
# The search page shows results and facets only for a query, which no link carries.
START = ("/", "/search?q=migration")


def log_in(page, live_server, email: str, password: str) -> None:
    page.goto(live_server + "/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(password)
    page.locator("main form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "/login" not in page.url, f"{email} could not log in"


def test_every_page_each_visitor_reaches_passes_axe(app, live_server, browser, html_pages):
    with app.test_request_context():  # publishing the demo's outcome writes emails with links
        passwords = {email: password for email, _role, password in loader.load().passwords}
        db.session.commit()
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)

    failures, broken, report, checked = [], [], [], set()
    for visitor, email in VISITORS:
        context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        if email:
            log_in(page, live_server, email, passwords[email])
        result = crawl(app, page, live_server, visitor, html_pages, checked, start=START)
        context.close()
        axe_time = sum(v.axe_seconds for v in result.visits)
        report.append(f"{visitor}: {len(result.visits)} pages in {result.seconds:.1f} s, "
                      f"{sum(v.violations is not None for v in result.visits)} checked (axe {axe_time:.1f} s)")
        slowest = sorted(result.visits, key=lambda v: -v.axe_seconds)[:5]
        report.append("  slowest: " + ", ".join(f"{v.url.split('/', 3)[-1]} {v.axe_seconds:.1f}" for v in slowest))
        for visit in result.visits:
            if visit.violations:
                failures.append(f"[{visitor}] " + describe(visit.url, visit.violations))
            if visit.status >= 500 or visit.status == 404:
                broken.append(f"[{visitor}] {visit.url} answered {visit.status}")
    searcher.close_all()
    print("\ncrawl: " + "\n".join(report))
    assert not broken, "Links lead to missing or failing pages:\n" + "\n".join(broken)
    if not REPORT_ONLY:
        assert not failures, "\n\n".join(failures)
