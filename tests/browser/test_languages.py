"""Languages in a real browser: switching without JavaScript, and a mirrored layout."""
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from consult import db
from tests.languages.rtl import app_with_arabic


def test_visitor_switches_to_french_without_javascript(live_server, browser):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/rounds")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(live_server + "/rounds")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toutes les consultations")
    page.get_by_role("link", name="Consultations").first.click()  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    context.close()


@pytest.fixture()
def arabic_server(database_url, tmp_path):
    app = app_with_arabic(database_url, tmp_path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    db.session.remove()
    app.extensions["db_engine"].dispose()


def header_positions(browser, url: str, locale: str) -> tuple[float, float]:
    context = browser.new_context(locale=locale, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(url)
    brand = page.locator(".brand").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    context.close()
    return brand["x"], switcher["x"]


def test_an_arabic_page_mirrors_the_layout(arabic_server, browser):
    brand_ltr, switcher_ltr = header_positions(browser, arabic_server + "/", "fr-FR")
    brand_rtl, switcher_rtl = header_positions(browser, arabic_server + "/", "ar")
    assert brand_ltr < switcher_ltr  # French: the name of the site on the left
    assert brand_rtl > switcher_rtl  # Arabic: on the right, with no second stylesheet
