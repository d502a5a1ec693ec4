"""What a visitor of /search and /api/v1/search notices."""
from __future__ import annotations

import re

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import Consent
from consult.submissions.services import transition
from consult.submissions.states import Action


def texts(answer: str) -> dict[str, str]:
    return {"q1": answer, "q2": ""}


def point(i: int) -> str:
    """A sentence of input number ``i``'s own."""
    return " ".join(f"{word}{i}" for word in ("housing", "wages", "visas", "courts", "clinics", "schools")) + "."


def titles(response) -> list[str]:
    return re.findall(r'<h3><a href="/submissions/[^"]+">([^<]+)</a>', response.get_data(as_text=True))


def test_stemming_and_accent_folding_in_three_languages(client, make, drain):
    round_ = make.round()
    org = make.organisation()
    make.submission(round_, org, title="Sobre remesas", language="es",
                    answers=texts("Las migraciones laborales y las remesas de los trabajadores."))
    make.submission(round_, org, title="Sur les travailleurs", language="fr",
                    answers=texts("Les travailleurs migrants paient des frais de recrutement élevés."))
    make.submission(round_, org, title="On recruitment", language="en",
                    answers=texts("Recruiters charged the workers illegal fees."))
    drain()
    assert titles(client.get("/search?q=migración")) == ["Sobre remesas"]
    assert titles(client.get("/search?q=migracion")) == ["Sobre remesas"]
    assert titles(client.get("/search?q=remesa")) == ["Sobre remesas"]
    assert titles(client.get("/search?q=travailleur")) == ["Sur les travailleurs"]
    assert titles(client.get("/search?q=recrutés")) == ["Sur les travailleurs"]
    assert titles(client.get("/search?q=recruiting+fee")) == ["On recruitment"]


def test_phrases_or_and_exclusions(client, make, drain):
    round_ = make.round()
    org = make.organisation()
    make.submission(round_, org, title="Debt", answers=texts("Recruitment fees create debt bondage."))
    make.submission(round_, org, title="Wages", answers=texts("Fees for recruitment are deducted from wages."))
    make.submission(round_, org, title="Remittances", answers=texts("Remittance costs are too high."))
    drain()
    phrase = client.get('/search?q="recruitment fees"')
    assert titles(phrase) == ["Debt"]  # the results match the exact phrase ...
    body = phrase.get_data(as_text=True)
    # ... and the count is exact (tantivy) or an estimate said to be one (Whoosh, which counts
    # a phrase as "all its words" to stay fast).
    assert ">1 result<" in body or ("At most 2 results" in body and "not necessarily together" in body)
    assert sorted(titles(client.get("/search?q=bondage OR remittance"))) == ["Debt", "Remittances"]
    assert titles(client.get("/search?q=recruitment -bondage")) == ["Wages"]


def test_snippets_escape_submitted_markup_and_only_add_mark(client, make, drain):
    make.submission(make.round(), make.organisation(), title="Markup",
                    answers=texts('<script>alert("x")</script> <b>migration</b> & <mark>fees</mark>'))
    drain()
    page = client.get("/search?q=migration").get_data(as_text=True)
    snippet = re.search(r'<p class="snippet"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in snippet
    assert "&lt;b&gt;<mark>migration</mark>&lt;/b&gt;" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0  # no tag other than <mark>


def test_a_hidden_submission_disappears_at_once_even_before_the_drain(client, make, drain):
    submission = make.submission(make.round(), make.organisation(), title="Soon hidden",
                                 answers=texts("Remittance corridors."))
    drain()
    assert titles(client.get("/search?q=remittance")) == ["Soon hidden"]
    transition(submission, Action.HIDE, actor=None, reason="reported")
    db.session.commit()  # committed, but not drained: the index still has it
    assert titles(client.get("/search?q=remittance")) == []
    assert client.get("/api/v1/search?q=remittance").get_json()["results"] == []


def test_anonymous_input_shows_group_and_country_and_no_name(client, make, drain):
    org = make.organisation("Kapisanan ng Manggagawa", group=StakeholderGroup.TRADE_UNION, country="PH")
    make.submission(make.round(), org, consent=Consent.ANONYMOUS, title="Anonymous view",
                    answers=texts("Kapisanan members paid placement fees."))
    drain()
    page = client.get("/search?q=placement").get_data(as_text=True)
    assert "Anonymous — Trade union, Philippines" in page
    assert "Kapisanan ng Manggagawa" not in page
    assert titles(client.get("/search?q=Manggagawa")) == []  # the name is not even indexed


def test_facets_combine_and_no_results_offers_to_drop_the_narrowest_filter(client, make, drain):
    round_ = make.round()
    union = make.organisation(group=StakeholderGroup.TRADE_UNION, country="PH")
    ngo = make.organisation(group=StakeholderGroup.CIVIL_SOCIETY, country="MX")
    make.submission(round_, union, title="Union one", answers=texts(f"Migration and wages. {point(1)}"))
    make.submission(round_, ngo, title="NGO one", answers=texts(f"Migration and rights. {point(2)}"))
    make.submission(round_, ngo, title="NGO two", answers=texts(f"Migration and justice. {point(3)}"))
    drain()
    page = client.get("/search?q=migration&group=civil_society").get_data(as_text=True)
    assert sorted(titles_from(page)) == ["NGO one", "NGO two"]
    # The group facet still offers the other group with its count (counts ignore their own filter).
    assert re.search(r'group=trade_union">Trade union</a> \(1\)', page)
    assert re.search(r"Country</h2>.*?MX.*?\(2\)", page, re.S)
    empty = client.get("/search?q=migration&group=trade_union&language=es")
    body = empty.get_data(as_text=True)
    assert "Nothing matches this search." in body
    assert "Try without the filter" in body


def titles_from(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/submissions/[^"]+">([^<]+)</a>', page)


def test_sort_by_date_pagination_and_round_limited_search(client, make, drain):
    round_a, round_b = make.round(), make.round()
    org = make.organisation()
    for i in range(23):  # each says something of its own: copies of one text would form a campaign
        make.submission(round_a, org, title=f"Input {i:02d}", answers=texts(f"Skills recognition for nurses. {point(i)}"))
    make.submission(round_b, org, title="Other round", answers=texts("Skills recognition for nurses."))
    drain()
    first = client.get("/search?q=nurses&sort=date")
    assert len(titles(first)) == 20
    assert "Page 1 of 2" in first.get_data(as_text=True)
    assert len(titles(client.get("/search?q=nurses&sort=date&page=2"))) == 4
    limited = client.get(f"/search?q=nurses&round={round_b.slug}")
    assert titles(limited) == ["Other round"]
    round_page = client.get(f"/rounds/{round_b.slug}").get_data(as_text=True)
    assert f'name="round" value="{round_b.slug}"' in round_page


def test_api_returns_json_with_results_and_facets(client, make, drain):
    make.submission(make.round(), make.organisation(), title="API", answers=texts("Portability of pensions."))
    drain()
    data = client.get("/api/v1/search?q=pension").get_json()
    assert data["total"] == 1
    assert data["results"][0]["title"] == "API"
    assert "<mark>Pensions</mark>" in data["results"][0]["snippet_html"] or "<mark>pensions</mark>" in data["results"][0]["snippet_html"]
    assert data["facets"]["language"][0]["count"] == 1
    assert client.get("/api/v1/search?q=*x").status_code == 400


def test_searching_with_nothing_published_and_no_index_yet_is_calm(client):
    response = client.get("/search?q=migration")
    assert response.status_code == 200
    assert "0 results" in response.get_data(as_text=True)


def test_counts_follow_each_drain_in_a_long_lived_worker(client, make, drain):
    round_ = make.round()
    first = make.submission(round_, make.organisation(), title="First", answers=texts("Diaspora bonds."))
    drain()
    assert client.get("/api/v1/search?q=diaspora").get_json()["total"] == 1
    make.submission(round_, make.organisation(), title="Second", answers=texts("Diaspora investment."))
    drain()
    assert client.get("/api/v1/search?q=diaspora").get_json()["total"] == 2
    transition(first, Action.HIDE, actor=None, reason="reported")
    drain()
    data = client.get("/api/v1/search?q=diaspora").get_json()
    assert data["total"] == 1
    assert [r["title"] for r in data["results"]] == ["Second"]
    assert sum(f["count"] for f in data["facets"]["group"]) == 1
