"""A NUL character anywhere in a request is removed before any view reads it; on
PostgreSQL it would otherwise turn a lookup into a server error."""
from consult import db


def test_nul_in_query_arguments_is_harmless(client, make):
    make.round(slug="labour")
    db.session.commit()
    for url in ("/rounds?region=West%00Africa", "/search?q=fees%00&round=lab%00our", "/organisations?q=%00",
                "/api/v1/recommendations?theme=a%00b", "/recommendations?theme=%00", "/rounds/lab%00our"):
        assert client.get(url).status_code < 500, url


def test_nul_in_form_fields_is_harmless(client):
    response = client.post("/login", data={"email": "officer\x00@ngo.example", "password": "x\x00y"})
    assert response.status_code == 422
    assert "\x00" not in response.get_data(as_text=True)


def test_an_id_beyond_the_database_integer_range_is_not_found(client):
    for url in ("/api/v1/recommendations/737040487253", "/attachments/99999999999999", "/recommendations/4294967296"):
        assert client.get(url).status_code == 404, url
