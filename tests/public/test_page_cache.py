from consult import db
from consult.public import cache
from consult.submissions.services import save_content
from tests.conftest import login


def test_anonymous_visitors_share_a_cached_page_until_something_public_changes(app, client, make, monkeypatch):
    app.config["PUBLIC_PAGE_CACHE"] = True
    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0)
    round_ = make.round()
    submission = make.submission(round_, make.organisation(), title="First title")
    db.session.commit()
    url = f"/submissions/{submission.reference}"
    assert "First title" in client.get(url).get_data(as_text=True)

    # A change behind the services' back is not seen: the page comes from the cache ...
    submission.title = "Changed without a service"
    db.session.commit()
    assert "First title" in client.get(url).get_data(as_text=True)

    # ... while a change through a service (which writes the audit log) is seen at once.
    save_content(submission, actor=None, answers={}, title="Edited through the service")
    db.session.commit()
    assert "Edited through the service" in client.get(url).get_data(as_text=True)


def test_logged_in_users_always_get_a_fresh_page(app, make, monkeypatch):
    app.config["PUBLIC_PAGE_CACHE"] = True
    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0)
    user = make.user()
    round_ = make.round(title="Original round title")
    db.session.commit()
    anonymous = app.test_client()
    assert "Original round title" in anonymous.get("/").get_data(as_text=True)

    round_.title = "Renamed round"
    db.session.commit()
    member = app.test_client()
    login(member, user)
    assert "Renamed round" in member.get("/").get_data(as_text=True)
    assert "Original round title" in anonymous.get("/").get_data(as_text=True)
