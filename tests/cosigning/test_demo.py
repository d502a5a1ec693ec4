"""The demo shows coalition input: one submission co-signed, one invitation awaiting the
demo NGO officer's answer."""
from sqlalchemy import select

from consult import db
from consult.auth.models import User
from consult.demo import loader
from tests.conftest import login


def test_the_demo_has_a_cosigned_submission_and_an_invitation_to_answer(app, client):
    with app.test_request_context():  # inviting writes emails with links
        loader.load()
        db.session.commit()
    page = client.get("/rounds/hld-2013-rt3").get_data(as_text=True)
    assert "Ninguna trabajadora" in page
    reference = next(part.split('"')[0] for part in page.split('href="/submissions/')[1:]
                     if "Ninguna trabajadora" in part.split("</a>")[0])
    html = client.get(f"/submissions/{reference}").get_data(as_text=True)
    assert "Co-signed by" in html and "Pamilya Abroad Support Network (Civil society / NGO, Philippines)" in html

    officer = db.session.scalar(select(User).where(User.email == "ngo@consult.example"))
    login(client, officer)
    assert "1 invitation to co-sign awaits your answer" in client.get("/my/submissions").get_data(as_text=True)
