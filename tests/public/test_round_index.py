from datetime import datetime, timedelta, timezone

from consult import db
from consult.db import utcnow
from consult.rounds.models import Level, RoundStatus


def titles(client, query=""):
    html = client.get("/rounds" + query).get_data(as_text=True)
    return html


def test_rounds_index_filters_by_level_state_region_and_year(client, make):
    now = utcnow()
    national = make.round(title="Nepal national round", level=Level.NATIONAL)
    national.country = "NP"
    regional = make.round(title="West Africa regional round", level=Level.REGIONAL,
                          opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30))
    regional.region = "West Africa"
    old = make.round(title="Round of 2013", level=Level.GLOBAL, opens_at=datetime(2013, 5, 1, tzinfo=timezone.utc),
                     closes_at=datetime(2013, 9, 1, tzinfo=timezone.utc))
    make.round(title="Hidden draft round", status=RoundStatus.DRAFT)
    db.session.commit()

    everything = titles(client)
    assert all(r.title in everything for r in (national, regional, old))
    assert "Hidden draft round" not in everything and "3 rounds" in everything

    only_national = titles(client, "?level=national")
    assert national.title in only_national and regional.title not in only_national

    open_now = titles(client, "?state=open")
    assert national.title in open_now and regional.title not in open_now and old.title not in open_now

    assert regional.title in titles(client, "?region=west+africa") and national.title not in titles(client, "?region=West+Africa")
    assert national.title in titles(client, "?region=NP")

    in_2013 = titles(client, "?year=2013")
    assert old.title in in_2013 and national.title not in in_2013


def test_malformed_filters_are_ignored_not_errors(client, make):
    make.round(title="Some round")
    db.session.commit()
    for query in ("?level=planetary", "?state=draft", "?year=abc", "?year=99999", "?page=-3", "?page=x"):
        response = client.get("/rounds" + query)
        assert response.status_code == 200, query
        assert "Some round" in response.get_data(as_text=True), query
    unknown_region = client.get("/rounds?region=" + "x" * 500).get_data(as_text=True)
    assert "No round matches these filters." in unknown_region


def test_rounds_index_is_paginated(client, make):
    for i in range(25):
        make.round(title=f"Round number {i:02d}")
    db.session.commit()
    first = titles(client)
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = titles(client, "?page=2")
    assert second.count('class="card round-card"') == 5 and 'rel="prev"' in second
