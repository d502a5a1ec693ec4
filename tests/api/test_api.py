import json
import re

from consult import db
from consult.rounds.models import RoundStatus
from consult.submissions.models import Consent, Redaction, RedactionReason
from consult.submissions.states import State


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
    return json.loads(response.get_data(as_text=True))


def test_rounds_paginate_and_hide_drafts(client, make):
    for i in range(3):
        make.round(slug=f"round-{i}")
    make.round(slug="secret-draft", status=RoundStatus.DRAFT)
    db.session.commit()
    first = get(client, "/api/v1/rounds?per_page=2")
    assert first["total"] == 3 and first["pages"] == 2 and len(first["items"]) == 2
    second = get(client, "/api/v1/rounds?per_page=2&page=2")
    slugs = {r["slug"] for r in first["items"] + second["items"]}
    assert slugs == {"round-0", "round-1", "round-2"}
    get(client, "/api/v1/rounds/secret-draft", status=404)
    assert get(client, "/api/v1/rounds/secret-draft/submissions", status=404)["error"]["status"] == 404


def test_round_detail_lists_sessions_questions_and_counts(client, make):
    round_ = make.round(slug="labour-2026")
    make.submission(round_, make.organisation())
    make.submission(round_, make.organisation(), state=State.SUBMITTED)
    db.session.commit()
    data = get(client, "/api/v1/rounds/labour-2026")
    assert [q["key"] for q in data["questions"]] == ["q1", "q2"]
    assert data["sessions"][0]["title"] == "Session 1: ethical recruitment"
    assert data["published_submissions"] == 1 and data["state"] == "open"
    assert get(client, "/api/v1/rounds/labour-2026/questions")["items"][1]["text"] == "Guiding question 2?"


def test_submissions_are_public_and_redacted(client, make):
    round_ = make.round(slug="labour-2026")
    visible = make.submission(round_, make.organisation("Named Union"), answers={"q1": "Phone Rosa on 555-0101.", "q2": "x"})
    visible.redactions.append(Redaction(field=f"answer:{round_.questions[0].id}", passage="Rosa on 555-0101",
                                        reason=RedactionReason.PERSONAL_DATA))
    hidden = make.submission(round_, make.organisation(), state=State.HIDDEN)
    unconsented = make.submission(round_, make.organisation(), consent=Consent.NOT_PUBLISHED)
    db.session.commit()
    items = get(client, "/api/v1/rounds/labour-2026/submissions")["items"]
    assert [i["reference"] for i in items] == [visible.reference]
    assert items[0]["answers"]["q1"] == "Phone [redacted: personal data]."
    one = get(client, f"/api/v1/submissions/{visible.reference}")
    assert one["organisation"] == "Named Union"
    get(client, f"/api/v1/submissions/{hidden.reference}", status=404)
    get(client, f"/api/v1/submissions/{unconsented.reference}", status=404)


def test_statistics_wait_for_the_close(client, make):
    make.round(slug="open-round")
    db.session.commit()
    assert get(client, "/api/v1/rounds/open-round/statistics", status=403)["error"]["status"] == 403


def test_reads_carry_an_etag_and_answer_304(client, make):
    make.round(slug="r")
    db.session.commit()
    response = client.get("/api/v1/rounds/r")
    again = client.get("/api/v1/rounds/r", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_openapi_document_describes_every_api_route(app, client):
    document = get(client, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.")
    documented = {"/api/v1" + path for path in document["paths"]}
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(rule)) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi_document"}
    assert routes == documented


def test_recommendations_register_and_follow_up_are_in_the_api(app, client, make):
    from consult.outcomes import services as outcome_services
    from consult.outcomes.states import RecommendationStatus

    with app.test_request_context():  # publishing writes emails with links
        recommendation = make.outcome(make.closed_round(slug="national"), publish=True).recommendations[0]
        outcome_services.post_update(recommendation, actor=None, status=RecommendationStatus.ACCEPTED,
                                     text="The ministry adopted it in its 2027 plan.")
        drafted = make.outcome(make.closed_round(slug="other")).recommendations[0]
        db.session.commit()
    register = get(client, "/api/v1/recommendations")
    assert [r["code"] for r in register["items"]] == [recommendation.code]
    detail = get(client, f"/api/v1/recommendations/{recommendation.id}")
    assert detail["status"] == "accepted" and detail["updates"][0]["text"].startswith("The ministry adopted it")
    get(client, f"/api/v1/recommendations/{drafted.id}", status=404)
