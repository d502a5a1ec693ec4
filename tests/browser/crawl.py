"""Every page a visitor can reach by following links, for the accessibility checks.

From the start pages the visitor follows every same-origin GET link (``<a href>``), breadth
first. Pages are grouped by route, as Flask's URL map names it (``/submissions/A`` and
``/submissions/B`` are one route), and by the names of their query parameters; one page of
each group is visited, a route at most ``ROUTE_LIMIT`` times whatever its parameters, and a
visitor at most ``PAGE_LIMIT`` pages. So the crawl grows with the pages the site has, not with
its data, and a new page is checked as soon as anything links to it.

Every visitor walks their own way, but a page whose main content is the same as one already
checked for another visitor (a public page that looks alike to all) is not checked twice: the
header it adds is checked on the visitor's first page. That keeps five visitors' crawls to
about a minute.
"""
from __future__ import annotations

import hashlib
import re
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from playwright.sync_api import Error as PlaywrightError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.browser.a11y import HtmlCollector, axe_violations

PAGE_LIMIT = 60
ROUTE_LIMIT = 2
# Never followed: files and feeds (not pages), one-time tokens, and the language switch,
# which would change a member's saved language for the rest of the crawl.
SKIPPED_ENDPOINTS = {
    "static", "languages.switch", "public.feed", "public.round_export", "outcomes.register_export",
    "account.download_data", "submissions.download", "round_documents.download",
    "auth.confirm_email", "account.confirm_email_change", "auth.reset_password",
}
SKIPPED_BLUEPRINTS = ("api.",)
LINKS = "els => els.filter(a => !a.hasAttribute('download')).map(a => a.href)"
# Per-visitor values (CSRF and form tokens) do not make two pages different.
HIDDEN_INPUT = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>")


@dataclass
class Visit:
    url: str
    status: int
    violations: list[dict] | None  # None: its main content was checked for another visitor
    axe_seconds: float = 0.0


@dataclass
class Crawl:
    visitor: str
    visits: list[Visit] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)  # links not followed (files, feeds, bounds)
    seconds: float = 0.0


def route_of(app, url: str) -> tuple[str, tuple[str, ...]] | None:
    """(endpoint, names of the query parameters) of a URL of this site; None to skip it."""
    parts = urlsplit(url)
    adapter = app.url_map.bind(parts.netloc)
    try:
        endpoint, _args = adapter.match(parts.path, method="GET")
    except RequestRedirect as redirect:  # /admin -> /admin/: the route it leads to
        return route_of(app, redirect.new_url)
    except HTTPException:
        return ("(no route)", (parts.path,))  # a broken link: visited, so that it shows
    if endpoint in SKIPPED_ENDPOINTS or endpoint.startswith(SKIPPED_BLUEPRINTS):
        return None
    return endpoint, tuple(sorted({name for name, _value in parse_qsl(parts.query)}))


def main_content(page) -> str:
    html = page.evaluate("() => (document.querySelector('main') || document.body).innerHTML")
    return hashlib.sha256(HIDDEN_INPUT.sub("", html).encode()).hexdigest()


def crawl(app, page, base: str, visitor: str, collector: HtmlCollector, checked: set, start=("/",)) -> Crawl:
    """Visits what ``page``'s visitor reaches from ``start``; axe-core runs on every page
    whose (route, main content) is not in ``checked`` yet, shared by the visitors' crawls."""
    began = time.monotonic()
    result = Crawl(visitor)
    origin = urlsplit(base).netloc
    queue = deque(base + path for path in start)
    seen_urls: set[str] = set()
    seen_groups: set[tuple] = set()
    per_route: dict[str, int] = {}
    while queue and len(result.visits) < PAGE_LIMIT:
        url = urlunsplit(urlsplit(queue.popleft())._replace(fragment=""))
        if url in seen_urls or urlsplit(url).netloc != origin:
            continue
        seen_urls.add(url)
        group = route_of(app, url)
        if group is None or group in seen_groups or per_route.get(group[0], 0) >= ROUTE_LIMIT:
            result.skipped.add(url)
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file, not a page
                result.skipped.add(url)
                continue
            raise
        if not (response and response.headers.get("content-type", "").startswith("text/html")):
            result.skipped.add(url)
            continue
        # A redirect (to the login page, to a canonical address) counts as the page it lands on.
        landed = route_of(app, page.url) or group
        seen_groups.add(group)
        if landed != group and landed in seen_groups:
            result.skipped.add(url)
            continue
        seen_groups.add(landed)
        per_route[group[0]] = per_route.get(group[0], 0) + 1
        content = (landed, main_content(page))
        if content in checked and result.visits:
            result.visits.append(Visit(page.url, response.status, None))
        else:
            checked.add(content)
            began_check = time.monotonic()
            violations = axe_violations(page, collector)
            result.visits.append(Visit(page.url, response.status, violations, time.monotonic() - began_check))
        queue.extend(page.eval_on_selector_all("a[href]", LINKS))
    result.seconds = time.monotonic() - began
    return result
