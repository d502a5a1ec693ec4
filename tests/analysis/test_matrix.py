"""The convergence matrix through its pages: counts and stances per theme and stakeholder
group, the order of the rows (agree, split, one group, no input), the exports, the filters,
and who sees it (the round's analysts before publication, everyone after, public input only)."""
from __future__ import annotations

import csv
import io
import re

import pytest

from consult import db
from consult.analysis.models import Stance
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import Level
from consult.security import Role
from consult.submissions.models import Consent
from consult.submissions.states import State
from tests.analysis.matrix_factories import codebook, tag
from tests.outcomes.helpers import fresh, signed_in

G = StakeholderGroup


@pytest.fixture()
def world(app, make):
    """A closed round: civil society and a trade union agree on fees, split on remittances;
    only civil society spoke on climate; nobody on data."""
    w = type("World", (), {})()
    w.convener, w.moderator = make.user(Role.CONVENER), make.user(Role.MODERATOR)
    w.round = make.closed_round(convener=w.convener, moderator=w.moderator, slug="gfmd-2026")
    w.ngo_1 = make.organisation("Migrant Rights PH", country="PH")
    w.ngo_2 = make.organisation("Caritas", country="PH")
    w.union = make.organisation("Builders Union", group=G.TRADE_UNION, country="FR")
    w.employer = make.organisation("Employers Forum", group=G.PRIVATE_SECTOR, country="FR")
    w.s_ngo_1 = make.submission(w.round, w.ngo_1)
    w.s_ngo_2 = make.submission(w.round, w.ngo_2)
    w.s_union = make.submission(w.round, w.union)
    w.s_employer = make.submission(w.round, w.employer)
    w.fees, w.remittances, w.climate, w.data = codebook(w.round, "Recruitment fees", "Remittances", "Climate",
                                                        "Data")
    tag(w.s_ngo_1, w.fees, Stance.SUPPORTS)
    tag(w.s_ngo_1, w.fees, Stance.MIXED, part="answer:%d" % w.round.questions[0].id,
        passage="Workers should never pay recruitment fees")
    tag(w.s_ngo_2, w.fees, Stance.SUPPORTS)
    tag(w.s_union, w.fees, Stance.SUPPORTS)
    tag(w.s_employer, w.fees, Stance.SUPPORTS)
    tag(w.s_ngo_1, w.remittances, Stance.SUPPORTS)
    tag(w.s_union, w.remittances, Stance.OPPOSES)
    tag(w.s_ngo_2, w.climate, Stance.NEUTRAL)
    db.session.commit()
    return w


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def row_of(html: str, theme) -> str:
    return re.search(rf'<tr id="theme-{theme.id}">(.*?)</tr>', html, re.S).group(1)


def cells(row_html: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in re.findall(r"<td>(.*?)</td>", row_html, re.S)]


def test_each_cell_counts_submissions_and_passages_with_their_stances(app, world):
    html = page(signed_in(app, world.convener), "/rounds/gfmd-2026/analysis/matrix")
    assert "<caption>" in html and 'scope="col">Trade union</th>' in html
    # columns: convergence, civil society, private sector, trade union (the enum's order)
    convergence, ngo, employer, union = cells(row_of(html, world.fees))
    assert convergence.startswith("All groups agree (supports)")
    assert ngo.startswith("2 submissions, 3 passages")  # one submission tagged twice counts once
    assert "supports 2 · mixed 1" in ngo and "Mainly: supports" in ngo
    assert union.startswith("1 submission, 1 passage") and "Mainly: supports" in union
    convergence, ngo, employer, union = cells(row_of(html, world.remittances))
    assert convergence == "Groups split Silent: Private sector and employers"
    assert "Mainly: opposes" in union and employer == "Silent"


def test_rows_show_agreement_first_then_splits_then_one_group_then_silence(app, world):
    html = page(signed_in(app, world.moderator), "/rounds/gfmd-2026/analysis/matrix")
    order = [html.index(f'id="theme-{t.id}"') for t in (world.fees, world.remittances, world.climate, world.data)]
    assert order == sorted(order)
    assert cells(row_of(html, world.climate))[0].startswith("One group only")
    assert cells(row_of(html, world.data))[0].startswith("No input tagged")
    assert "<svg" in html and 'aria-hidden="true"' in html  # the heat map is a companion only


def test_a_cell_links_to_its_passages(app, world):
    client = signed_in(app, world.convener)
    html = page(client, "/rounds/gfmd-2026/analysis/matrix")
    link = re.search(r'href="([^"]*passages[^"]*group=civil_society[^"]*)"', row_of(html, world.fees)).group(1)
    passages = page(client, link.replace("&amp;", "&"))
    assert "3 passages" in passages
    assert "Workers should never pay recruitment fees" in passages and world.s_ngo_2.reference in passages
    assert world.s_union.reference not in passages


def test_exports_give_the_same_figures_as_csv_and_json(app, world):
    client = signed_in(app, world.convener)
    response = client.get("/rounds/gfmd-2026/analysis/matrix.csv")
    assert response.mimetype == "text/csv"
    lines = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    ngo_fees = next(r for r in lines if r["theme"] == "Recruitment fees" and r["stakeholder_group"] == "civil_society")
    assert (ngo_fees["submissions"], ngo_fees["passages"], ngo_fees["supports"], ngo_fees["mixed"]) == ("2", "3", "2", "1")
    assert ngo_fees["convergence"] == "agree" and ngo_fees["dominant_stance"] == "supports"
    document = client.get("/rounds/gfmd-2026/analysis/matrix.json").get_json()
    remittances = next(t for t in document["themes"] if t["title"] == "Remittances")
    assert remittances["convergence"] == "split" and remittances["silent_groups"] == ["private_sector"]
    assert remittances["cells"]["trade_union"]["stances"]["opposes"] == 1
    assert client.get("/rounds/gfmd-2026/analysis/matrix.xml").status_code == 404


def test_filter_by_country_keeps_only_that_countrys_organisations(app, world):
    client = signed_in(app, world.convener)
    html = page(client, "/rounds/gfmd-2026/analysis/matrix?country=FR")
    assert 'scope="col">Civil society / NGO</th>' not in html
    assert cells(row_of(html, world.fees))[0].startswith("All groups agree")
    document = client.get("/rounds/gfmd-2026/analysis/matrix.json?country=FR").get_json()
    assert document["stakeholder_groups"] == ["private_sector", "trade_union"]
    assert document["filters"] == {"country": "FR"}
    # an unknown country is ignored rather than refused: the whole matrix
    assert client.get("/rounds/gfmd-2026/analysis/matrix.json?country=ZZ").get_json()["filters"] == {}


def test_level_filter_offers_the_levels_of_the_rounds_feeding_in(app, make, world):
    client = signed_in(app, world.convener)
    html = page(client, "/rounds/gfmd-2026/analysis/matrix")
    assert re.findall(r'<option value="(\w+)" *>', html.split('id="level"')[1].split("</select>")[0]) == ["national"]
    local = make.closed_round(level=Level.LOCAL, feeds_into=world.round, convener=world.convener)
    local_ngo = make.organisation("Barangay Workers", country="PH")
    tag(make.submission(local, local_ngo), world.climate, Stance.OPPOSES)
    fresh()
    html = page(client, "/rounds/gfmd-2026/analysis/matrix?level=local")
    assert "Local" in html.split('id="level"')[1].split("</select>")[0]
    convergence, ngo, *_ = cells(row_of(html, world.climate))
    assert ngo.startswith("1 submission, 1 passage") and "Mainly: opposes" in ngo
    assert cells(row_of(html, world.fees))[0].startswith("No input tagged")


# --- who sees it ------------------------------------------------------------------------
def publish_analysis(make, world):
    make.outcome(world.round, publish=True)
    codebook(world.round, published=True)
    db.session.commit()


def test_before_publication_only_the_rounds_analysts_see_the_matrix(app, make, world):
    other_convener = make.user(Role.CONVENER)
    make.round(convener=other_convener)
    member = make.user(organisation=world.ngo_1)
    codebook(world.round, published=True)  # published analysis, but the outcome is not
    db.session.commit()
    for url in ("/rounds/gfmd-2026/analysis/matrix", "/rounds/gfmd-2026/analysis/matrix.csv",
                f"/rounds/gfmd-2026/analysis/matrix/passages?theme={world.fees.id}"):
        assert app.test_client().get(url).status_code == 404
        assert signed_in(app, member).get(url).status_code == 404
        assert signed_in(app, other_convener).get(url).status_code == 404  # another round's analyst
        assert signed_in(app, world.moderator).get(url).status_code == 200


def test_after_publication_the_public_sees_public_input_only(app, make, world):
    world.s_union.consent = Consent.NOT_PUBLISHED  # the union's input stays with the conveners
    hidden = make.submission(world.round, make.organisation("Quiet NGO", country="PH"), state=State.SUBMITTED)
    tag(hidden, world.remittances, Stance.OPPOSES, passage="never published")
    make.redaction(world.s_ngo_2, "debt", field="summary")
    publish_analysis(make, world)
    html = page(app.test_client(), "/rounds/gfmd-2026/analysis/matrix")
    assert "published input only" in html
    assert 'scope="col">Trade union</th>' not in html  # its only input is not public
    assert cells(row_of(html, world.remittances))[0].startswith("One group only")
    document = app.test_client().get("/rounds/gfmd-2026/analysis/matrix.json").get_json()
    assert document["public_input_only"] is True and "trade_union" not in document["stakeholder_groups"]
    passages = page(app.test_client(), f"/rounds/gfmd-2026/analysis/matrix/passages?theme={world.remittances.id}")
    assert "never published" not in passages and world.s_union.reference not in passages
    fees = page(app.test_client(), f"/rounds/gfmd-2026/analysis/matrix/passages?theme={world.fees.id}")
    quoted = dict((ref, text) for text, ref in re.findall(r"<blockquote>(.*?)</blockquote>.*?>([A-Z0-9-]+)</a>", fees, re.S))
    assert quoted[world.s_ngo_2.reference] == "Fees push workers into [redacted: personal data]."
    assert "Fees push workers into debt." in fees  # the other NGO's summary: nothing withheld there
    assert world.ngo_2.name in fees  # named with its consent
    staff = page(signed_in(app, world.convener), "/rounds/gfmd-2026/analysis/matrix")
    assert 'scope="col">Trade union</th>' in staff  # the analysts still see everything


def test_a_confidential_answer_is_neither_counted_nor_quoted_in_public(app, make, world):
    answer = next(a for a in world.s_ngo_1.answers if a.question_id == world.round.questions[0].id)
    answer.confidential = True
    publish_analysis(make, world)
    html = page(app.test_client(), "/rounds/gfmd-2026/analysis/matrix")
    ngo = cells(row_of(html, world.fees))[1]
    assert ngo.startswith("2 submissions, 2 passages") and "mixed" not in ngo
    passages = page(app.test_client(), f"/rounds/gfmd-2026/analysis/matrix/passages?theme={world.fees.id}")
    assert "Workers should never pay" not in passages


def test_a_passage_cut_through_a_redaction_hides_the_part_it_holds(app, make, world):
    make.redaction(world.s_ngo_1, "Maria Lopez", field="summary")
    world.s_ngo_1.summary = "Fees hurt Maria Lopez and many others."
    tag(world.s_ngo_1, world.climate, Stance.NEUTRAL, passage="Fees hurt Maria")
    publish_analysis(make, world)
    html = page(app.test_client(), f"/rounds/gfmd-2026/analysis/matrix/passages?theme={world.climate.id}")
    assert "Fees hurt [redacted: personal data]" in html and "Maria" not in html


def test_a_theme_of_another_round_is_not_found(app, make, world):
    other = make.closed_round(convener=world.convener)
    (foreign,) = codebook(other, "Elsewhere")
    db.session.commit()
    client = signed_in(app, world.convener)
    assert client.get(f"/rounds/gfmd-2026/analysis/matrix/passages?theme={foreign.id}").status_code == 404
    assert client.get("/rounds/gfmd-2026/analysis/matrix/passages?theme=abc").status_code == 404


def test_a_round_without_codebook_says_so_to_its_analysts(app, make, world):
    bare = make.closed_round(convener=world.convener, slug="bare")
    db.session.commit()
    assert "no codebook yet" in page(signed_in(app, world.convener), f"/rounds/{bare.slug}/analysis/matrix")
    assert app.test_client().get("/rounds/bare/analysis/matrix").status_code == 404
