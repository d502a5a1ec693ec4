"""Ready for Arabic: a locale with a compiled catalogue is offered, and its pages are
written right to left, with a stylesheet that mirrors through logical properties only."""
import re
from pathlib import Path

import pytest

from consult import db
from tests.languages.rtl import ARABIC_SKIP_LINK, app_with_arabic

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "consult.css"


@pytest.fixture()
def arabic_app(database_url, tmp_path):
    """The real catalogues plus a tiny Arabic one, compiled for this test only."""
    app = app_with_arabic(database_url, tmp_path)
    yield app
    db.session.remove()
    app.extensions["db_engine"].dispose()


def test_an_arabic_page_is_written_right_to_left(arabic_app):
    assert arabic_app.config["LOCALES"] == ("en", "fr", "es", "ar")
    html = arabic_app.test_client().get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert ARABIC_SKIP_LINK in html
    assert '<span class="current-language" lang="ar" aria-current="true">العربية</span>' in html


def test_the_other_languages_stay_left_to_right_beside_it(arabic_app):
    html = arabic_app.test_client().get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    assert 'lang="ar" hreflang="ar">العربية</a>' in html


def test_arabic_is_not_offered_without_its_catalogue(client):
    html = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html


PHYSICAL = re.compile(
    r"(?:margin|padding|border|inset)-(?:left|right)\b"
    r"|(?<![-\w])(?:left|right)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)\b"
)


def test_the_stylesheet_mirrors_itself_for_right_to_left():
    """Only logical properties (margin-inline-start, text-align: start, ...), so that
    dir="rtl" mirrors the layout; a physical left or right would not follow."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.S)
    offending = [line.strip() for line in css.splitlines() if PHYSICAL.search(line)]
    assert offending == [], "use logical properties (inline-start/end) instead of left/right:\n" + "\n".join(offending)


def test_the_check_catches_a_physical_property():
    assert PHYSICAL.search(".x { margin-left: 1rem; }")
    assert PHYSICAL.search(".x { text-align: right; }")
    assert PHYSICAL.search(".x { position: absolute; left: 0; }")
    assert not PHYSICAL.search(".x { margin-inline-start: 1rem; text-align: start; inset-inline-start: 0; }")
