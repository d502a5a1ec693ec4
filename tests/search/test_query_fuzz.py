"""Whatever a visitor types, the answer is results or a clear message, never a 500."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.limits import limiter

SYNTAX = st.sampled_from(['"', "(", ")", "*", "?", "-", "+", "OR", "AND", "NOT", ":", "^", "~", "[", "]",
                          "{", "}", "TO", "\\", "/", "'", "<script>", "migra*", "*ation", "é", "\x00", " "])
QUERIES = st.one_of(st.text(max_size=60), st.lists(st.one_of(SYNTAX, st.text(max_size=6)), max_size=15).map(" ".join))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERIES, sort=st.sampled_from(["", "date", "x"]), page=st.sampled_from(["", "2", "-1", "abc", "99999"]))
def test_no_query_produces_a_server_error(client, q, sort, page):
    limiter.reset()  # hundreds of searches from one address: the limit has tests of its own
    for path in ("/search", "/api/v1/search"):
        response = client.get(path, query_string={"q": q, "sort": sort, "page": page, "session": q[:5], "year": q[:4]})
        assert response.status_code in (200, 400), (path, q)


def test_a_long_query_is_refused_with_the_limit_named(client):
    response = client.get("/search", query_string={"q": "migration " * 30})
    assert response.status_code == 400
    assert "at most 200 characters" in response.get_data(as_text=True)
    assert 'value="migration migration' in response.get_data(as_text=True)  # what was typed is kept


def test_leading_and_inner_wildcards_are_refused_and_a_trailing_one_needs_three_letters(client):
    for q in ("*ation", "mi*ion", "mig?ation", "mi*"):
        response = client.get("/search", query_string={"q": q})
        assert response.status_code == 400, q
        assert "migra*" in response.get_data(as_text=True)
    assert client.get("/search", query_string={"q": "migra*"}).status_code == 200


def test_filters_with_unusual_digits_are_refused_calmly(client):
    for value in ("¹", "٣", "12a"):
        assert client.get("/search", query_string={"q": "fees", "session": value}).status_code == 400
        assert client.get("/search", query_string={"q": "fees", "round": value}).status_code == 400


def test_an_empty_query_with_no_filter_shows_the_empty_form_calmly(client):
    response = client.get("/search?q=")
    assert response.status_code == 200
    assert "result" not in response.get_data(as_text=True).split("<h1>", 1)[1].split("</form>", 1)[1]


def test_too_many_terms_and_only_stop_words_get_a_message(client):
    many = " OR ".join(f"w{i}x" for i in range(30))
    assert "too many words" in client.get("/search", query_string={"q": many[:199]}).get_data(as_text=True)
    common = client.get("/search", query_string={"q": "the of and"})
    assert common.status_code == 400
    assert "only very common words" in common.get_data(as_text=True)
