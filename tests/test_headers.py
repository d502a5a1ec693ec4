import hashlib
import re
from pathlib import Path

from config import ProductionConfig
from consult import create_app, db
from tests.conftest import login


def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # development runs over plain HTTP
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_error_pages_carry_them_too(client):
    assert client.get("/nowhere").headers["X-Content-Type-Options"] == "nosniff"


def test_pages_of_a_logged_in_user_are_never_cached(app, client, make):
    user = make.user()
    db.session.commit()
    login(client, user)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_production_sends_hsts(monkeypatch, tmp_path):
    monkeypatch.setenv("CONSULT_SECRET_KEY", "Wq3vT9xLmR2pZk7Yc4Nf8Hs1Bd6Ju0Ge5Ai-_oEtKrXy")
    monkeypatch.setenv("CONSULT_PUBLIC_URL", "https://localhost")
    monkeypatch.setenv("CONSULT_DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    monkeypatch.setenv("CONSULT_UPLOAD_DIR", str(tmp_path / "uploads"))
    app = create_app(ProductionConfig)
    response = app.test_client().get("/static/css/consult.css")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_stylesheets_and_scripts_are_cached_by_address_and_change_address_with_content(app, client, make):
    """A browser on a slow connection fetches them once, logged in or not; a deploy that
    changes a file changes its address so nobody keeps an old copy."""
    user = make.user()
    db.session.commit()
    login(client, user)
    page = client.get("/my/submissions").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/css/consult\.css\?v=([0-9a-f]+))"', page)
    content = (Path(app.static_folder) / "css/consult.css").read_bytes()
    assert stylesheet.group(2) == hashlib.sha256(content).hexdigest()[:12]

    response = client.get(stylesheet.group(1))
    assert response.status_code == 200 and response.get_data() == content
    assert response.headers["Cache-Control"] == "public, max-age=31536000"
    # An address with an old version (or none) is revalidated, never kept for a year.
    assert "max-age=31536000" not in client.get("/static/css/consult.css?v=0123456789ab").headers["Cache-Control"]
    assert "max-age=31536000" not in client.get("/static/css/consult.css").headers["Cache-Control"]
    for elsewhere in ("/static/../config.py?v=x", "/static/css?v=x", "/static/css/?v=x", "/static/none.css?v=x"):
        assert client.get(elsewhere).status_code == 404
