"""The public register of recommendations: filters, counts, pages, exports, print."""
import csv
import io
import json

from consult import db
from consult.db import utcnow
from consult.outcomes import services
from consult.outcomes.states import Addressee, RecommendationStatus
from consult.rounds.models import Level
from consult.security import Role
from consult.submissions.models import Consent
from consult.submissions.states import State
from tests.outcomes.helpers import text_of


def seed(make):
    convener = make.user(Role.CONVENER)
    national = make.closed_round(title="Philippines national round", level=Level.NATIONAL, convener=convener)
    regional = make.closed_round(title="Asia regional round", level=Level.REGIONAL, convener=convener)
    regional.sessions[0].title = "Remittances and inclusion"
    nat = make.outcome(national, recommendations=2, publish=True, text="Abolish recruitment fees.")
    reg = services.outcome_for(regional, actor=None)
    services.add_recommendation(reg, actor=None, text="Lower remittance costs below 3%.",
                                addressee=Addressee.PRIVATE_SECTOR, session=regional.sessions[0])
    services.add_recommendation(reg, actor=None, text="Fund diaspora investment.",
                                addressee=Addressee.NAMED_BODY, addressee_name="World Bank", theme="diaspora")
    services.publish_outcome(reg, actor=None)
    services.post_update(nat.recommendations[0], actor=convener, status=RecommendationStatus.ACCEPTED, text="Yes.")
    draft_round = make.closed_round(title="Unpublished round", convener=convener)
    make.outcome(draft_round, text="A secret drafted recommendation.")
    db.session.commit()
    return nat, reg


def test_register_lists_published_recommendations_with_counts_per_status(client, make):
    seed(make)
    html = text_of(client, "/recommendations")
    assert "4 recommendations</strong>" in html
    assert "Abolish recruitment fees." in html and "Fund diaspora investment." in html
    assert "A secret drafted recommendation." not in html
    assert '>Accepted</a></th><td>1</td>' in html and '>Proposed</a></th><td>3</td>' in html
    assert "Philippines national round" in html and "Regional" in html


def test_register_filters_by_status_addressee_level_theme_and_year(client, make):
    seed(make)
    assert "1 recommendation</strong>" in text_of(client, "/recommendations?status=accepted")
    html = text_of(client, "/recommendations?addressee=named_body")
    assert "1 recommendation</strong>" in html and "World Bank" in html
    assert "2 recommendations</strong>" in text_of(client, "/recommendations?level=regional")
    html = text_of(client, "/recommendations?theme=remittances")  # a session title word
    assert "Lower remittance costs" in html and "Fund diaspora" not in html
    assert "Fund diaspora" in text_of(client, "/recommendations?theme=DIASPORA")  # a theme tag
    this_year = utcnow().year
    assert "4 recommendations</strong>" in text_of(client, f"/recommendations?year={this_year}")
    assert "0 recommendations</strong>" in text_of(client, f"/recommendations?year={this_year - 3}")
    # counts per status follow the other filters
    assert '>Accepted</a></th><td>0</td>' in text_of(client, "/recommendations?level=regional")


def test_malformed_register_filters_are_ignored(client, make):
    seed(make)
    for query in ("status=bogus", "level=planet", "year=abc", "year=99999", "page=-4", "page=zz", "addressee=%00",
                  "theme=" + "x" * 500):
        assert client.get(f"/recommendations?{query}").status_code == 200, query


def test_register_is_paginated(client, make):
    round_ = make.closed_round(convener=make.user(Role.CONVENER))
    make.outcome(round_, recommendations=30, publish=True)
    db.session.commit()
    first = text_of(client, "/recommendations")
    assert "Page 1 of 2" in first and "(25)" in first and "(26)" not in first
    assert "(26)" in text_of(client, "/recommendations?page=2")


def test_register_exports_public_fields_of_published_recommendations(client, make):
    nat, _ = seed(make)
    hidden_org = make.organisation("Hidden Org")
    hidden = make.submission(nat.round, hidden_org, title="Later hidden", state=State.PUBLISHED)
    anonymous = make.submission(nat.round, make.organisation("Quiet Org"), consent=Consent.ANONYMOUS)
    nat.recommendations[0].supporting_submissions = [hidden, anonymous]
    db.session.commit()
    from consult.submissions import services as submission_services
    from consult.submissions.states import Action

    submission_services.transition(hidden, Action.HIDE, actor=None, reason="report")
    db.session.commit()

    data = json.loads(text_of(client, "/recommendations/export.json"))
    assert data["count"] == 4
    by_text = {r["text"]: r for r in data["recommendations"]}
    first = by_text["Abolish recruitment fees."]
    assert first["status"] == "accepted" and first["level"] == "national"
    assert first["supporting_input"] == [anonymous.reference]
    assert by_text["Fund diaspora investment."]["addressee_name"] == "World Bank"
    text = json.dumps(data)
    for secret in ("secret drafted", hidden.reference, "Quiet Org", "@test.example"):
        assert secret not in text

    rows = list(csv.DictReader(io.StringIO(text_of(client, "/recommendations/export.csv?status=accepted"))))
    assert [r["text"] for r in rows] == ["Abolish recruitment fees."]
    assert rows[0]["supporting_input"] == anonymous.reference


def test_register_export_answers_conditional_requests(client, make):
    seed(make)
    first = client.get("/recommendations/export.json")
    again = client.get("/recommendations/export.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_outcome_pages_and_register_are_printable(client, make):
    nat, _ = seed(make)
    css = text_of(client, "/static/css/consult.css")
    assert "/* outcomes */" in css and ".recommendation { break-inside: avoid" in css
    html = text_of(client, f"/rounds/{nat.round.slug}/outcome")
    assert 'class="card no-print"' not in html  # the conveners' tools are not shown to the public
    assert 'class="filters no-print"' in text_of(client, "/recommendations")


def test_wildcards_in_the_theme_filter_are_taken_literally(client, make):
    seed(make)
    assert "0 recommendations</strong>" in text_of(client, "/recommendations?theme=%25")
    assert "0 recommendations</strong>" in text_of(client, "/recommendations?theme=_")
