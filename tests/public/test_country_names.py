"""Countries are shown to the public by their names in the reader's language, never as ISO codes."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from consult import db
from consult.db import utcnow
from consult.organisations.models import StakeholderGroup
from consult.search import indexer, searcher
from consult.submissions.models import Consent

FRENCH = {"Accept-Language": "fr"}


@pytest.fixture()
def anonymous_union(make):
    """A closed round with one anonymous submission from a Moroccan trade union."""
    round_ = make.round(opens_at=utcnow() - timedelta(days=30), closes_at=utcnow() - timedelta(days=1))
    union = make.organisation("Casablanca Dock Workers", group=StakeholderGroup.TRADE_UNION, country="MA")
    submission = make.submission(round_, union, title="Port labour and recruitment", consent=Consent.ANONYMOUS)
    db.session.commit()
    return round_, submission


def text(client, url, headers=None) -> str:
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_anonymous_byline_names_the_country(client, anonymous_union):
    round_, submission = anonymous_union
    for url in (f"/submissions/{submission.reference}", f"/rounds/{round_.slug}", "/"):
        html = text(client, url)
        assert "Anonymous — Trade union, Morocco" in html, url
        assert "Trade union, MA" not in html, url
    assert "Anonyme — Syndicat, Maroc" in text(client, f"/submissions/{submission.reference}", FRENCH)


def test_statistics_name_countries_in_the_readers_language(client, make, anonymous_union):
    round_, _submission = anonymous_union
    for country in ("SN", "SN"):
        make.submission(round_, make.organisation(country=country), title="From Dakar")
    db.session.commit()
    html = text(client, f"/rounds/{round_.slug}/statistics")
    assert "Senegal" in html and "Morocco" in html
    assert html.index("Senegal") < html.index("Morocco")  # most submissions first
    assert not re.search(r">\s*(SN|MA)\s*<", html)
    assert "Sénégal" in text(client, "/statistics", FRENCH)


def test_search_country_facet_shows_names_and_keeps_codes_in_links(app, client, anonymous_union, make):
    round_, _submission = anonymous_union
    make.submission(round_, make.organisation(country="SN"), title="Recruitment in Dakar")
    make.submission(round_, make.organisation(country="PH"), title="Recruitment in Manila")
    db.session.commit()
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    try:
        html = text(client, "/search?q=recruitment")
        facet = html.split("<h2>Country</h2>")[1].split("</section>")[0]
        assert re.search(r'href="/search\?[^"]*country=MA[^"]*">Morocco</a>', facet)
        assert ">Philippines</a>" in facet and ">Senegal</a>" in facet
        assert [name for name in re.findall(r">([^<>]+)</a>", facet)] == ["Morocco", "Philippines", "Senegal"]
        assert "Anonymous — Trade union, Morocco" in html
        chosen = text(client, "/search?q=recruitment&country=SN", FRENCH)
        assert "Pays : Sénégal" in chosen or "Pays: Sénégal" in chosen
    finally:
        searcher.close_all()


def test_rounds_name_their_country_and_the_index_filters_by_name(client, make):
    make.round(title="Consultation nationale du Sénégal", slug="senegal").country = "SN"
    make.round(title="Regional round", slug="regional").region = "West Africa"
    db.session.commit()
    index = text(client, "/rounds")
    assert '<option value="SN" >Senegal</option>' in index or re.search(r'<option value="SN"\s*>Senegal</option>', index)
    assert '<option value="West Africa"' in index
    assert "· Senegal" in index and "· SN" not in index
    assert "Sénégal</option>" in text(client, "/rounds", FRENCH)
    assert "· Senegal" in text(client, "/rounds/senegal")
    assert "Consultation nationale du Sénégal" in text(client, "/rounds?region=SN")
