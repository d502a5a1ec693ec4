import io
import re

from consult import db
from consult.audit import AuditEvent
from tests.conftest import login
from tests.submissions.documents import pdf


def manage_token(client, slug):
    html = client.get(f"/my-rounds/{slug}").get_data(as_text=True)
    return re.search(r'action="/my-rounds/[^"]+/documents" enctype="multipart/form-data">\s*<input (?:id="csrf_token" )?name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_convener_adds_background_documents_checked_like_uploads(app, make):
    convener = make.user()
    round_ = make.round(convener=convener)
    db.session.commit()
    client = app.test_client()
    login(client, convener)
    token = manage_token(client, round_.slug)
    response = client.post(f"/my-rounds/{round_.slug}/documents", content_type="multipart/form-data", data={
        "csrf_token": token,
        "documents": [(io.BytesIO(pdf()), "Background paper.pdf"), (io.BytesIO(b"<html>x</html>"), "fake.pdf")],
    })
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "fake: This file is not a document we accept" in page
    db.session.expire_all()
    db.session.refresh(round_)
    [document] = round_.documents
    assert document.filename == "Background paper.pdf"

    public = app.test_client().get(f"/rounds/{round_.slug}").get_data(as_text=True)
    assert f"/rounds/{round_.slug}/documents/{document.id}" in public
    download = app.test_client().get(f"/rounds/{round_.slug}/documents/{document.id}")
    assert download.status_code == 200 and download.data == pdf()
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert db.session.query(AuditEvent).filter_by(action="add_document").count() == 1
