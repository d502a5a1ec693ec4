"""The public sees the same search on either engine, and a deployment can switch engine
without losing input or showing an error."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from consult import create_app, db
from consult.demo import loader
from consult.limits import limiter
from consult.rounds.models import Round
from consult.search import indexer
from consult.submissions.services import transition
from consult.submissions.states import Action


@pytest.fixture()
def search_backend() -> str:
    return "whoosh"  # the deployment starts on the default engine; tantivy is built beside it


def on_engine(app, backend: str):
    """Another app (a web worker configured otherwise) on the same database and index folder."""
    return create_app({name: app.config[name] for name in ("DATABASE_URL", "UPLOAD_DIR", "SEARCH_INDEX_DIR")}
                      | {"SEARCH_BACKEND": backend})


def drain(app, engine: str | None = None):
    with app.app_context():
        return indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True, engine=engine)


def page_answer(client, args: dict) -> tuple:
    """What a visitor reads on /search: result titles, the heading, and every facet with its count."""
    limiter.reset()
    html = client.get("/search", query_string=args).get_data(as_text=True)
    results = html.split('id="results-heading"', 1)[-1]
    titles = re.findall(r'<h3><a href="/submissions/[^"]+">([^<]+)</a>', results)
    heading = re.search(r'id="results-heading">([^<]*)<', html)
    facets = re.findall(r'<a href="/search\?[^"]*">([^<]+)</a> \((\d+)\)', html)
    return titles, heading.group(1) if heading else None, facets


def api_answer(client, args: dict) -> dict:
    limiter.reset()
    data = client.get("/api/v1/search", query_string=args).get_json()
    return {"total": data["total"], "estimate": data["total_is_estimate"], "facets": data["facets"],
            "results": [r["reference"] for r in data["results"]]}


QUERIES = ["migration", "remittances", "recruitment fees", "migra*", "skills -recognition",
           "remesas OR transferts", "migración", "diaspora", "rights NOT women", "social security"]


def test_the_search_page_the_round_search_and_the_api_answer_alike_on_both_engines(app, client):
    with app.test_request_context():
        loader.load()
        db.session.commit()
    tantivy_app = on_engine(app, "tantivy")
    drain(app)
    drain(tantivy_app)
    round_slug = db.session.scalars(select(Round.slug).order_by(Round.id)).first()
    round_page = client.get(f"/rounds/{round_slug}").get_data(as_text=True)
    assert f'name="round" value="{round_slug}"' in round_page  # the round page's box searches /search
    other = tantivy_app.test_client()
    asked = 0
    for q in QUERIES:
        for extra in ({}, {"round": round_slug}, {"language": "fr"}, {"group": "civil_society", "sort": "date"}):
            args = {"q": q, **extra}
            whoosh_page, tantivy_page = page_answer(client, args), page_answer(other, args)
            whoosh_api, tantivy_api = api_answer(client, args), api_answer(other, args)
            assert whoosh_page[1:] == tantivy_page[1:], args  # heading and every facet count
            assert whoosh_api["total"] == tantivy_api["total"] and whoosh_api["facets"] == tantivy_api["facets"], args
            if args.get("sort") == "date":
                assert whoosh_page[0] == tantivy_page[0] and whoosh_api["results"] == tantivy_api["results"], args
            else:  # the same results; two scorers may order near-equal ones differently
                assert sorted(whoosh_page[0]) == sorted(tantivy_page[0]), args
                assert sorted(whoosh_api["results"]) == sorted(tantivy_api["results"]), args
            asked += bool(whoosh_api["total"])
    assert asked >= 15  # most of these searches find something in the demo
    # A phrase finds the same input; only Whoosh gives its count as an estimate ("at most").
    whoosh_api = api_answer(client, {"q": '"domestic workers"', "sort": "date"})
    tantivy_api = api_answer(other, {"q": '"domestic workers"', "sort": "date"})
    assert whoosh_api["results"] == tantivy_api["results"] != []
    assert tantivy_api["total"] == len(tantivy_api["results"]) and not tantivy_api["estimate"]
    assert whoosh_api["total"] >= tantivy_api["total"] and whoosh_api["estimate"]


def test_switching_from_whoosh_to_tantivy_loses_no_input_and_never_shows_an_error(app, client, make, runner):
    # Made first: making an app starts a new database session, and the rows below live in it.
    tantivy_app = on_engine(app, "tantivy")
    round_ = make.round()
    org = make.organisation()
    needs = ("housing on the farms", "their passports kept by employers", "unpaid overtime at harvest")
    early = [make.submission(round_, org, title=f"Early {i}", answers={"q1": f"Seasonal workers' visas; {need}.", "q2": ""})
             for i, need in enumerate(needs)]
    db.session.commit()
    drain(app)
    # Switched too soon (the tantivy index not built yet): an empty page, not an error.
    assert tantivy_app.test_client().get("/search?q=visas").status_code == 200
    # 1. Build the tantivy index beside the live Whoosh one, while the site runs on Whoosh.
    built = runner.invoke(args=["search", "reindex", "--engine", "tantivy"])
    assert built.exit_code == 0 and "Indexed 3 public submissions" in built.output
    # 2. Input keeps arriving and changing on the Whoosh site meanwhile.
    make.submission(round_, org, title="Late", answers={"q1": "Visas for seasonal work.", "q2": ""})
    transition(early[0], Action.HIDE, actor=None, reason="reported")
    db.session.commit()
    drain(app)
    assert sorted(t for t in page_answer(client, {"q": "visas"})[0]) == ["Early 1", "Early 2", "Late"]
    # 3. The web workers restart on tantivy: at once they answer, from the index built in 1 ...
    switched = tantivy_app.test_client()
    response = switched.get("/search?q=visas")
    assert response.status_code == 200
    # ... the public re-check already hides what was hidden since ...
    assert "Early 0" not in response.get_data(as_text=True)
    # ... and the first drain (`search watch`, or after any request that writes) catches up
    # from tantivy's own position in the outbox: nothing written in 2 is lost.
    assert drain(tantivy_app).entries >= 2
    assert sorted(page_answer(switched, {"q": "visas"})[0]) == ["Early 1", "Early 2", "Late"]
    status = tantivy_app.test_cli_runner().invoke(args=["search", "status"])
    assert status.exit_code == 0 and "tantivy" in status.output and "In step." in status.output
