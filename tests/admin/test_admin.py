from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.auth.models import User
from consult.security import Role
from consult.submissions.models import Submission
from tests.auth.helpers import fresh, post_form
from tests.conftest import login
from tests.factories import PASSWORD


def admin_client(app, make):
    admin = make.user(Role.ADMIN, name="Ada Admin")
    db.session.commit()
    client = app.test_client()
    login(client, admin)
    return client, admin


def test_people_are_listed_searched_and_paged(app, make):
    for n in range(30):
        make.user(name=f"Person {n:02d}", email=f"person-{n:02d}@list.example")
    make.user(Role.MODERATOR, name="Mona Moderator", email="mona@consult.example")
    client, _ = admin_client(app, make)
    html = client.get("/admin/users?q=list.example").get_data(as_text=True)
    assert "30 people" in html and "Page 1 of 2" in html and "Person 00" in html and "Person 29" not in html
    assert "Person 29" in client.get("/admin/users?q=list.example&page=2").get_data(as_text=True)
    html = client.get("/admin/users?role=moderator").get_data(as_text=True)
    assert "Mona Moderator" in html and "Person 00" not in html
    for odd in ("abc", "-3", "\u00b2", "9" * 5000, "0"):
        assert client.get(f"/admin/users?page={odd}&role=nonsense&q=%25_").status_code == 200


def test_an_admin_gives_and_takes_roles(app, make):
    person = make.user(name="Carla")
    client, admin = admin_client(app, make)
    response = post_form(client, f"/admin/users/{person.id}/roles", {"roles": ["convener", "moderator"]},
                         form_url=f"/admin/users/{person.id}")
    assert response.status_code == 302
    fresh()
    assert db.session.get(User, person.id).roles == {Role.MEMBER, Role.CONVENER, Role.MODERATOR}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "set_roles"))
    assert (event.actor_id, event.from_state, event.to_state) == (admin.id, "member", "convener,member,moderator")

    post_form(client, f"/admin/users/{person.id}/roles", {"roles": ["moderator"]}, form_url=f"/admin/users/{person.id}")
    fresh()
    assert db.session.get(User, person.id).roles == {Role.MEMBER, Role.MODERATOR}

    bad = post_form(client, f"/admin/users/{person.id}/roles", {"roles": ["emperor"]}, form_url=f"/admin/users/{person.id}")
    assert bad.status_code == 422 and "not a valid choice" in bad.get_data(as_text=True).lower()


def test_an_admin_cannot_remove_their_own_admin_role(app, make):
    client, admin = admin_client(app, make)
    response = post_form(client, f"/admin/users/{admin.id}/roles", {"roles": []}, form_url=f"/admin/users/{admin.id}")
    assert response.status_code == 422 and "cannot remove your own admin role" in response.get_data(as_text=True)
    fresh()
    assert Role.ADMIN in db.session.get(User, admin.id).roles


def test_deactivation_ends_sessions_and_keeps_the_organisations_submissions(app, make):
    org = make.organisation()
    person = make.user(email="leaving@ngo.example", organisation=org)
    submission = make.submission(make.round(), org, author=person)
    client, admin = admin_client(app, make)
    theirs = app.test_client()
    post_form(theirs, "/login", {"email": "leaving@ngo.example", "password": PASSWORD})
    assert theirs.get("/account").status_code == 200

    response = post_form(client, f"/admin/users/{person.id}/active", {"reason": "Left the organisation."},
                         form_url=f"/admin/users/{person.id}")
    assert response.status_code == 302
    assert theirs.get("/account").status_code == 302
    assert post_form(app.test_client(), "/login", {"email": "leaving@ngo.example", "password": PASSWORD}).status_code == 422
    fresh()
    assert db.session.get(Submission, submission.id).organisation_id == org.id
    assert "Deactivated" in client.get("/admin/users").get_data(as_text=True)

    post_form(client, f"/admin/users/{person.id}/active", {"reason": ""}, form_url=f"/admin/users/{person.id}")
    assert post_form(app.test_client(), "/login", {"email": "leaving@ngo.example", "password": PASSWORD}).status_code == 302


def test_an_admin_cannot_deactivate_themselves(app, make):
    client, admin = admin_client(app, make)
    response = post_form(client, f"/admin/users/{admin.id}/active", {"reason": ""}, form_url=f"/admin/users/{admin.id}")
    assert response.status_code == 422 and "cannot deactivate your own account" in response.get_data(as_text=True)


def test_organisations_waiting_for_verification(app, make):
    make.organisation("Verified Union")
    make.organisation("Newcomer Collective", verified=False)
    client, _ = admin_client(app, make)
    html = client.get("/admin/organisations?status=unverified").get_data(as_text=True)
    assert "Newcomer Collective" in html and "Verified Union" not in html


def test_the_admin_link_shows_to_admins_only(app, make):
    member = make.user()
    client, _ = admin_client(app, make)
    assert 'href="/admin/"' in client.get("/").get_data(as_text=True)
    other = app.test_client()
    login(other, member)
    html = other.get("/").get_data(as_text=True)
    assert 'href="/admin/"' not in html and 'href="/account"' in html and "Log out" in html
