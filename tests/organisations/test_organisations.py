from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.organisations.models import Membership, MembershipRole, Organisation
from consult.security import Role
from tests.auth.helpers import outbox, post_form
from tests.conftest import login

FIELDS = {"name": "Migrant Forum in Asia", "acronym": "MFA", "stakeholder_group": "migrant_diaspora",
          "country": "PH", "website": "mfasia.example", "description": "A regional network.",
          "registry_number": "ECOSOC 2012"}


def logged_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def fresh():
    """See what the requests committed: end the read transaction, forget loaded rows."""
    db.session.rollback()
    db.session.expire_all()


def test_creating_an_organisation_makes_its_creator_the_owner(app, make):
    user = make.user()
    db.session.commit()
    client = logged_in(app, user)
    response = post_form(client, "/organisations/new", FIELDS)
    assert response.status_code == 302
    fresh()
    org = db.session.scalar(select(Organisation))
    assert (org.name, org.acronym, org.country, org.website) == ("Migrant Forum in Asia", "MFA", "PH", "https://mfasia.example")
    assert org.registry_number == "ECOSOC 2012" and not org.is_verified
    assert [(m.user_id, m.role) for m in org.memberships] == [(user.id, MembershipRole.OWNER)]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not verified yet" in html and "Philippines" in html


def test_likely_duplicates_are_shown_before_creating(app, make):
    make.organisation("Migrant Forum in Asia")
    user = make.user()
    db.session.commit()
    client = logged_in(app, user)
    page = client.get("/organisations/new?name=Migrant+Forum").get_data(as_text=True)
    assert "Is it one of these?" in page and "Migrant Forum in Asia" in page

    response = post_form(client, "/organisations/new", {**FIELDS, "name": "Forum of Migrants in Asia"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Organisations with similar names exist" in html
    assert 'value="Forum of Migrants in Asia"' in html
    response = post_form(client, "/organisations/new", {**FIELDS, "name": "Forum of Migrants in Asia", "not_a_duplicate": "y"})
    assert response.status_code == 302


def test_bad_organisation_input_is_sent_back(app, make):
    user = make.user()
    db.session.commit()
    client = logged_in(app, user)
    cases = [
        ({"name": "", "stakeholder_group": "", "country": ""}, ["Enter the organisation's name.", "Choose a stakeholder group.", "Choose the country"]),
        ({"name": "x" * 10_000}, ["Use at most 200 characters."]),
        ({"country": "XY"}, ["Not a valid choice"]),
        ({"stakeholder_group": "aliens"}, ["Not a valid choice"]),
        ({"website": "javascript:alert(1)"}, ["Enter a web address like"]),
    ]
    for changes, messages in cases:
        response = post_form(client, "/organisations/new", {**FIELDS, **changes})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, changes
        assert all(m in html for m in messages), changes
        if "country" not in changes:  # the country chosen is still chosen
            assert '<option selected value="PH">Philippines</option>' in html, changes
    response = client.post("/organisations/new", data=FIELDS)  # no CSRF token
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Your session expired" in html and 'value="Migrant Forum in Asia"' in html
    fresh()
    assert db.session.scalar(select(Organisation)) is None


def test_an_unconfirmed_person_confirms_first(app, make):
    user = make.user()
    user.email_confirmed_at = None
    db.session.commit()
    response = logged_in(app, user).get("/organisations/new")
    assert response.status_code == 302 and response.headers["Location"] == "/account"


def test_search_by_name_or_acronym_with_pages(client, make):
    for n in range(30):
        make.organisation(f"Workers Network {n:02d}")
    org = make.organisation("Caritas Philippines")
    org.acronym = "CAPH"
    db.session.commit()
    assert "Caritas Philippines" in client.get("/organisations?q=caph").get_data(as_text=True)
    first = client.get("/organisations?q=workers").get_data(as_text=True)
    assert "30 organisations" in first and "Page 1 of 2" in first and "Workers Network 00" in first
    second = client.get("/organisations?q=workers&page=2").get_data(as_text=True)
    assert "Workers Network 29" in second and "Workers Network 00" not in second
    for odd in ("-3", "\u00b2", "9" * 5000):
        assert client.get(f"/organisations?q=%25&page={odd}").status_code == 200  # odd input, no error


def test_ask_to_join_then_an_owner_accepts(app, make):
    org = make.organisation("Migrant Forum in Asia")
    owner = make.user(email="owner@mfa.example", organisation=org)
    applicant = make.user(email="applicant@ngo.example", name="Jo Applicant")
    db.session.commit()
    client = logged_in(app, applicant)
    assert post_form(client, f"/organisations/{org.id}/join", {}, form_url=f"/organisations/{org.id}").status_code == 302
    [message] = outbox("owner@mfa.example")
    assert "Jo Applicant" in message.subject and f"/organisations/{org.id}" in message.body
    assert "an owner will answer" in client.get(f"/organisations/{org.id}").get_data(as_text=True)
    fresh()
    request = db.session.scalar(select(Membership).where(Membership.user_id == applicant.id))
    assert request.role == MembershipRole.PENDING
    assert org.id not in db.session.get(type(applicant), applicant.id).organisation_ids()

    owner_client = logged_in(app, owner)
    page = owner_client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "Requests to join" in page and "Jo Applicant" in page
    response = post_form(owner_client, f"/organisations/{org.id}/members/{request.id}", {"action": "accept"},
                         form_url=f"/organisations/{org.id}")
    assert response.status_code == 302
    fresh()
    assert db.session.get(Membership, request.id).role == MembershipRole.MEMBER
    assert "You are now a member" in outbox("applicant@ngo.example")[-1].body


def test_an_owner_declines_and_a_stranger_cannot_decide(app, make):
    org = make.organisation()
    owner = make.user(organisation=org)
    applicant, stranger = make.user(), make.user()
    request = Membership(user=applicant, organisation=org, role=MembershipRole.PENDING)
    db.session.add(request)
    db.session.commit()
    request_id, applicant_email = request.id, applicant.email
    url = f"/organisations/{org.id}/members/{request_id}"
    assert post_form(logged_in(app, stranger), url, {"action": "accept"}, form_url="/account").status_code == 403
    assert post_form(logged_in(app, owner), url, {"action": "decline"}, form_url="/account").status_code == 302
    fresh()
    assert db.session.get(Membership, request_id) is None
    assert "was declined" in outbox(applicant_email)[-1].body


def test_the_last_owner_cannot_leave_until_there_is_another(app, make):
    org = make.organisation()
    owner = make.user(organisation=org)
    colleague = make.user()
    membership = Membership(user=colleague, organisation=org, role=MembershipRole.MEMBER)
    db.session.add(membership)
    db.session.commit()
    client = logged_in(app, owner)
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "You are the only owner" in page and "Leave this organisation" not in page
    assert post_form(client, f"/organisations/{org.id}/leave", {}, form_url="/account").status_code == 403
    # Demoting the last owner is refused with a message too.
    own = next(m for m in org.memberships if m.user_id == owner.id)
    response = post_form(client, f"/organisations/{org.id}/members/{own.id}", {"action": "make_member"}, form_url="/account")
    assert response.status_code == 303  # a refused button goes back with "See Other" (consult.web.commit_or_back)
    assert "at least one owner" in client.get(response.headers["Location"]).get_data(as_text=True)

    post_form(client, f"/organisations/{org.id}/members/{membership.id}", {"action": "make_owner"}, form_url="/account")
    assert post_form(client, f"/organisations/{org.id}/leave", {}, form_url="/account").status_code == 302
    fresh()
    assert [(m.user_id, m.role) for m in db.session.get(Organisation, org.id).memberships] == [(colleague.id, MembershipRole.OWNER)]


def test_a_member_leaves_and_an_owner_removes(app, make):
    org = make.organisation()
    owner = make.user(organisation=org)
    leaver, removed = make.user(), make.user()
    for person in (leaver, removed):
        db.session.add(Membership(user=person, organisation=org, role=MembershipRole.MEMBER))
    db.session.commit()
    assert post_form(logged_in(app, leaver), f"/organisations/{org.id}/leave", {}, form_url="/account").status_code == 302
    target = next(m for m in org.memberships if m.user_id == removed.id)
    assert post_form(logged_in(app, owner), f"/organisations/{org.id}/members/{target.id}", {"action": "remove"},
                     form_url="/account").status_code == 302
    fresh()
    assert [m.user_id for m in db.session.get(Organisation, org.id).memberships] == [owner.id]


def test_members_are_shown_to_members_not_to_the_public(app, make):
    org = make.organisation()
    make.user(email="private.person@ngo.example", organisation=org)
    db.session.commit()
    assert "private.person@ngo.example" not in app.test_client().get(f"/organisations/{org.id}").get_data(as_text=True)


def test_a_convener_verifies_with_a_note_in_the_audit_trail(app, make):
    org = make.organisation("Migrant Forum in Asia", verified=False)
    owner = make.user(organisation=org)
    convener = make.user(Role.CONVENER, name="Carla Convener")
    db.session.commit()
    client = logged_in(app, convener)
    empty = post_form(client, f"/organisations/{org.id}/verification", {"verified": "yes", "note": ""},
                      form_url=f"/organisations/{org.id}")
    assert empty.status_code == 422 and "Say how you checked the organisation." in empty.get_data(as_text=True)
    response = post_form(client, f"/organisations/{org.id}/verification",
                         {"verified": "yes", "note": "Checked the ECOSOC list."}, form_url=f"/organisations/{org.id}")
    assert response.status_code == 302
    assert "Verified organisation" in app.test_client().get(f"/organisations/{org.id}").get_data(as_text=True)
    fresh()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "verify_organisation"))
    assert (event.actor_id, event.object_id, event.reason, event.to_state) == (convener.id, org.id, "Checked the ECOSOC list.", "verified")
    # The owner cannot verify their own organisation.
    assert post_form(logged_in(app, owner), f"/organisations/{org.id}/verification",
                     {"verified": "yes", "note": "trust me"}, form_url="/account").status_code == 403


def test_owners_edit_the_details(app, make):
    org = make.organisation("Old Name")
    owner = make.user(organisation=org)
    db.session.commit()
    client = logged_in(app, owner)
    response = post_form(client, f"/organisations/{org.id}/edit", {**FIELDS, "name": "New Name"})
    assert response.status_code == 302
    fresh()
    assert db.session.get(Organisation, org.id).name == "New Name"


def test_a_name_pasted_as_one_endless_word_is_refused_with_the_limit_named(app, make):
    make.organisation("Migrant Forum in Asia")
    user = make.user()
    db.session.commit()
    client = logged_in(app, user)
    response = post_form(client, "/organisations/new", {**FIELDS, "name": "Migrant" + "x" * 60_000})
    assert response.status_code == 422
    assert "Use at most 200 characters." in response.get_data(as_text=True)
