"""Browser tests: Playwright for Python driving the system Chromium against a live server.

Skipped when Chromium or Playwright is missing, unless ``CONSULT_REQUIRE_BROWSER=1``
(``.ci/run`` sets it, so CI can never pass by skipping them).
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def _browser_unavailable() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not os.path.exists(CHROMIUM):
        return "chromium is not installed"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _browser_unavailable()
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                if os.environ.get("CONSULT_REQUIRE_BROWSER") == "1":
                    raise pytest.UsageError(f"browser tests required but {reason}")
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture()
def live_server(app):
    """The app served over HTTP on a free local port, in a thread of this process."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = address  # links in emails lead back to this server
    yield address
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# --- accessibility: axe-core on every page of the journeys, the Nu HTML Checker at the end ---
@pytest.fixture(scope="session")
def html_pages(tmp_path_factory):
    """Every page the journeys visit; the Nu HTML Checker validates them all once, at the end."""
    from tests.browser.a11y import HtmlCollector, tools_missing

    missing = tools_missing()
    if missing:
        if os.environ.get("CONSULT_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    collector = HtmlCollector(tmp_path_factory.mktemp("pages"))
    yield collector
    failing = [v for v in collector.violations]
    print(f"\naccessibility: {len(collector.pages)} pages checked with axe-core; "
          f"{sum(n for _, _, n in failing)} violating elements in {len(failing)} violations")
    for url, rule, nodes in failing:
        print(f"  {url}: {rule} ({nodes})")
    errors = collector.validate()
    print(f"Nu HTML Checker: {len(errors)} errors on {len(collector.pages)} pages")
    assert not errors, "The Nu HTML Checker found errors:\n" + "\n".join(errors)


@pytest.fixture(params=["en", "fr"])
def journey_page(request, browser):
    """A page whose browser asks for English or French first, as a visitor's would."""
    context = browser.new_context(locale={"en": "en-GB", "fr": "fr-FR"}[request.param],
                                  viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.lang = request.param
    yield page
    context.close()
