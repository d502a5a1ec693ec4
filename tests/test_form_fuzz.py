"""Every field of every form, sent malformed by someone allowed to use it: never a 500.

The forms are found as a browser finds them: every page of the access matrix is opened by
each visitor allowed to see it, and each form that posts is kept once (per endpoint and set
of fields). Each field then gets each malformed value in turn, the other fields keeping what
the page would send, with a valid CSRF token: the answer is a redirect, or a 4xx page that
says what went wrong."""
from __future__ import annotations

import pytest

from urllib.parse import quote, urlsplit

from werkzeug.exceptions import MethodNotAllowed, NotFound

from consult import db
from consult.auth.tokens import make_reset_token
from consult.errors import MESSAGES
from consult.limits import limiter
from tests.access import VISITORS, World
from tests.conftest import login
from tests.html_forms import HtmlForm, post_forms
from tests.test_access_matrix import RULES

pytestmark = pytest.mark.long

LIST = object()  # the field sent twice, where one value is expected
BAD_UTF8 = object()  # a percent-escape that is not UTF-8
# Where success is a page of results (or JSON) rather than a redirect; the fields a
# malformed value went to are then ones the chosen action does not use.
RESULT_PAGES = {"moderation.bulk", "submissions.autosave", "campaigns.decide"}
# Forms with nothing but a CSRF token (buttons), on pages this world does not show: with no
# field there is nothing to send malformed. Any other POST route must be found and fuzzed.
# A file's replacement (a file input and the token) is shown only once a moderator asked for it;
# its refusals are tested in tests/moderation/test_replace_attachment.py. Removing a moderator's
# redacted version (a button) is shown once there is one: tests/moderation/test_redacted_file.py.
BUTTONS_NOT_SHOWN = {"account.resend_confirmation", "moderation.dismiss_report", "moderation.remove_redaction",
                     "moderation.release_attachment", "organisations.leave", "outcomes.forward",
                     "submissions.replace_attachment", "moderation.remove_redacted_file"}
MALFORMED = ["", "x" * 100_000, "9" * 25, "-1", "-99999999999", "abc", "1.5", "2026-02-30T25:61",
             "1\x00\x01\x07\x1b\x7f\u202e", BAD_UTF8, LIST]


def body(fields: dict[str, str], name: str, value) -> str:
    pairs = []
    for key, current in fields.items():
        if key != name:
            pairs.append(f"{quote(key)}={quote(current)}")
        elif value is LIST:
            pairs += [f"{quote(key)}={quote(current or '1')}", f"{quote(key)}=abc"]
        elif value is BAD_UTF8:
            pairs.append(f"{quote(key)}=%FF%FE%C3%28")
        else:
            pairs.append(f"{quote(key)}={quote(value)}")
    return "&".join(pairs)


def says_what_went_wrong(response) -> bool:
    if response.is_json:
        return "error" in response.get_json() or "errors" in response.get_json()
    page = response.get_data(as_text=True)
    return ('role="alert"' in page or 'class="flash' in page or 'class="field-error"' in page
            or any(str(message) in page for _, message in MESSAGES.values()))


def pages(app, world) -> list[tuple[str, str]]:
    """(url, visitor) for every page of the access matrix its visitor may see, and the
    pages reached only by a link in an email."""
    found = []
    with app.app_context():
        for rule in RULES:
            if rule.method == "GET":
                found += [(rule.url(world), v) for v in VISITORS if rule.expect[v] == 200]
        found.append((f"/reset/{make_reset_token(world.users['member_b'])}", "anonymous"))
    return found


def discover(app, world) -> list[tuple[str, object, str, HtmlForm, str]]:
    """(visitor, client, page, form, endpoint) for each distinct form that posts, the first visitor
    allowed first; the form's CSRF token belongs to that client's session."""
    adapter = app.url_map.bind("localhost")
    seen, found = set(), []
    for url, visitor in pages(app, world):
        client = app.test_client()
        if visitor != "anonymous":
            login(client, world.users[visitor])
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.content_type:
            continue
        for form in post_forms(page.get_data(as_text=True), url):
            if urlsplit(form.action).path.startswith("/my/submissions/"):
                # The page's script posts the same fields to autosave every 30 seconds.
                forms = [form, HtmlForm(form.action + "/autosave", form.fields, form.kinds)]
            else:
                forms = [form]
            for each in forms:
                try:
                    endpoint, _ = adapter.match(urlsplit(each.action).path, method="POST")
                except (NotFound, MethodNotAllowed):
                    continue
                key = (endpoint, frozenset(each.fields))
                if key not in seen:
                    seen.add(key)
                    found.append((visitor, client, url, each, endpoint))
    return found


def test_no_malformed_field_of_any_form_gets_a_server_error(app, make):
    with app.app_context():
        world = World.build(make)
        db.session.commit()
    problems = []
    forms = discover(app, world)
    for visitor, client, page_url, form, endpoint in forms:
        for name in [n for n in form.fields if n != "csrf_token"]:
            for value in MALFORMED:
                limiter.reset()  # thousands of posts from one address: limits have tests of their own
                if visitor != "anonymous":
                    login(client, world.users[visitor])
                response = client.post(form.action, data=body(form.fields, name, value),
                                       content_type="application/x-www-form-urlencoded")
                shown = value if isinstance(value, str) else ("list" if value is LIST else "bad utf-8")
                where = f"{visitor} POST {form.action} {name}={shown[:30]!r} (form on {page_url})"
                if response.status_code >= 500:
                    problems.append(f"{response.status_code} {where}")
                elif not (300 <= response.status_code < 400 or endpoint in RESULT_PAGES
                          or (400 <= response.status_code < 500 and says_what_went_wrong(response))):
                    problems.append(f"{response.status_code} without a message: {where}")
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert posts - {endpoint for *_, endpoint in forms} == BUTTONS_NOT_SHOWN
    assert problems == [], "\n".join(problems)
