"""Search is limited per address, generously: a reader never meets it, a scraper does."""
from __future__ import annotations

import pytest


@pytest.fixture()
def search_backend() -> str:
    return "whoosh"  # the limit comes before any engine: once is enough


def test_the_sixty_first_search_in_a_minute_gets_a_page_saying_to_wait(client):
    for n in range(60):
        assert client.get(f"/search?q=remittances+{n}").status_code == 200
    refused = client.get("/search?q=remittances")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Please wait a minute and search again." in page
    assert refused.headers["Retry-After"]


def test_the_api_and_the_page_share_one_count_and_the_api_answers_in_json(client):
    for n in range(30):
        assert client.get(f"/search?q=fees+{n}").status_code == 200
        assert client.get(f"/api/v1/search?q=fees+{n}").status_code == 200
    refused = client.get("/api/v1/search?q=fees")
    assert refused.status_code == 429
    assert refused.is_json
    assert refused.get_json()["error"] == {"status": 429, "message": "Please wait a minute and search again."}


def test_another_address_can_still_search(client):
    for n in range(61):
        client.get(f"/search?q=recruitment+{n}")
    other = client.get("/search?q=recruitment", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200
