"""Co-signing from invitation to the public page: the lead invites, a member of each
co-signing organisation confirms for it, and only then does the public see it."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.cosigning.models import Cosignature, CosignatureState
from consult.organisations.models import Membership, MembershipRole, StakeholderGroup
from consult.submissions.models import Consent
from consult.submissions.states import State
from tests.auth.helpers import fresh, link_in, outbox, post_form
from tests.conftest import login


def logged_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


@pytest.fixture()
def coalition(app, make):
    """A published submission of a Kenyan trade union; a Philippine NGO with two members."""
    union = make.organisation("Dockers Union", group=StakeholderGroup.TRADE_UNION, country="KE")
    lead_member = make.user(email="lead@union.example", organisation=union)
    shelter = make.organisation("Shelter Network", group=StakeholderGroup.CIVIL_SOCIETY, country="PH")
    cosigner = make.user(email="first@shelter.example", organisation=shelter)
    second = make.user(email="second@shelter.example")
    db.session.add(Membership(user=second, organisation=shelter, role=MembershipRole.MEMBER))
    round_ = make.round()
    submission = make.submission(round_, union, title="End recruitment fees")
    outsider = make.user(email="outsider@elsewhere.example")
    db.session.commit()
    return dict(lead=lead_member, union=union, shelter=shelter, cosigner=cosigner, second=second,
                round=round_, submission=submission, outsider=outsider)


def invite(app, c, org, message="Please sign with us."):
    client = logged_in(app, c["lead"])
    url = f"/my/submissions/{c['submission'].reference}/cosigners"
    return client, post_form(client, url, {"organisation": str(org.id), "message": message, "query": ""},
                             form_url=f"{url}?q=shelter")


def test_invite_confirm_then_the_public_page_lists_the_cosigner(app, make, coalition):
    c = coalition
    reference = c["submission"].reference
    client = logged_in(app, c["lead"])
    page = client.get(f"/my/submissions/{reference}/cosigners?q=shelt").get_data(as_text=True)
    assert "Shelter Network — Civil society / NGO, Philippines" in page
    assert "Dockers Union —" not in page  # the lead is never offered to itself

    _client, response = invite(app, c, c["shelter"])
    assert response.status_code == 303
    mails = outbox()
    assert sorted(m.to_address for m in mails) == ["first@shelter.example", "second@shelter.example"]
    assert "Dockers Union asks Shelter Network to co-sign" in mails[0].subject
    assert "Please sign with us." in mails[0].body

    public = app.test_client()
    assert "Co-signed by" not in public.get(f"/submissions/{reference}").get_data(as_text=True)

    member = logged_in(app, c["second"])
    invitation = member.get(link_in(mails[0])).get_data(as_text=True)
    assert "End recruitment fees" in invitation and "Workers should never pay recruitment fees" in invitation
    cosignature_id = db.session.scalar(select(Cosignature.id))
    response = post_form(member, f"/cosigning/{cosignature_id}/confirm", {}, form_url=link_in(mails[0]))
    assert response.status_code == 303
    assert "Shelter Network now co-signs" in member.get(response.headers["Location"]).get_data(as_text=True)

    html = public.get(f"/submissions/{reference}").get_data(as_text=True)
    assert "Co-signed by" in html and "Shelter Network (Civil society / NGO, Philippines)" in html
    fresh()
    cosignature = db.session.get(Cosignature, cosignature_id)
    assert cosignature.state == CosignatureState.CONFIRMED
    assert cosignature.answered_by_id == c["second"].id and cosignature.answered_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "confirm_cosignature"))
    assert (event.actor_id, event.from_state, event.to_state) == (c["second"].id, "invited", "confirmed")


def test_a_non_member_cannot_confirm_and_is_told_why(app, make, coalition):
    c = coalition
    cosignature = make.cosignature(c["submission"], c["shelter"])
    db.session.commit()
    for user in (c["outsider"], c["lead"]):  # the lead cannot sign for the organisation it invited either
        client = logged_in(app, user)
        response = post_form(client, f"/cosigning/{cosignature.id}/confirm", {}, form_url="/my/submissions")
        assert response.status_code == 403
        assert "You are not a member of Shelter Network" in response.get_data(as_text=True)
        page = client.get(f"/cosigning/{cosignature.id}")
        assert page.status_code == 403 and "End recruitment fees" not in page.get_data(as_text=True)
    fresh()
    assert db.session.get(Cosignature, cosignature.id).state == CosignatureState.INVITED


def test_unconfirmed_declined_and_withdrawn_cosigners_never_appear_publicly(app, make, coalition):
    c = coalition
    other = make.organisation("Quiet Academy", group=StakeholderGroup.ACADEMIA, country="SN")
    third = make.organisation("Withdrawn Employers", group=StakeholderGroup.PRIVATE_SECTOR, country="MX")
    make.cosignature(c["submission"], c["shelter"])  # invited, never answers
    make.cosignature(c["submission"], other, state=CosignatureState.DECLINED, answered_by=make.user(organisation=other))
    make.cosignature(c["submission"], third, state=CosignatureState.WITHDRAWN)
    db.session.commit()
    client = app.test_client()
    html = client.get(f"/submissions/{c['submission'].reference}").get_data(as_text=True)
    assert "Co-signed by" not in html
    for name in ("Shelter Network", "Quiet Academy", "Withdrawn Employers"):
        assert name not in html
    data = json.loads(client.get(f"/rounds/{c['round'].slug}/export.json").get_data(as_text=True))
    assert data["submissions"][0]["cosigners"] == []


def test_declining_records_who_and_is_shown_to_the_lead(app, make, coalition):
    c = coalition
    cosignature = make.cosignature(c["submission"], c["shelter"])
    db.session.commit()
    member = logged_in(app, c["cosigner"])
    response = post_form(member, f"/cosigning/{cosignature.id}/decline", {}, form_url=f"/cosigning/{cosignature.id}")
    assert response.status_code == 303
    fresh()
    assert db.session.get(Cosignature, cosignature.id).state == CosignatureState.DECLINED
    lead_page = logged_in(app, c["lead"]).get(f"/my/submissions/{c['submission'].reference}/cosigners")
    assert "Declined" in lead_page.get_data(as_text=True)
    # Asking again is refused: the organisation's answer stands.
    _client, response = invite(app, c, c["shelter"])
    assert response.status_code == 422
    assert "Shelter Network declined to co-sign this submission" in response.get_data(as_text=True)
    # And a declined invitation cannot be confirmed afterwards.
    response = post_form(member, f"/cosigning/{cosignature.id}/confirm", {}, form_url=f"/cosigning/{cosignature.id}")
    assert response.status_code == 303
    assert "no longer awaiting an answer" in member.get(response.headers["Location"]).get_data(as_text=True)


def test_the_lead_withdraws_an_invitation_and_can_ask_again(app, make, coalition):
    c = coalition
    cosignature = make.cosignature(c["submission"], c["shelter"])
    db.session.commit()
    client = logged_in(app, c["lead"])
    manage = f"/my/submissions/{c['submission'].reference}/cosigners"
    response = post_form(client, f"{manage}/{cosignature.id}/withdraw", {}, form_url=manage)
    assert response.status_code == 303
    assert "The invitation to Shelter Network is withdrawn" in client.get(manage).get_data(as_text=True)
    member = logged_in(app, c["cosigner"])
    page = member.get(f"/organisations/{c['shelter'].id}/cosigning").get_data(as_text=True)
    assert "No invitation is awaiting an answer" in page
    response = post_form(member, f"/cosigning/{cosignature.id}/confirm", {}, form_url="/my/submissions")
    assert "no longer awaiting an answer" in member.get(response.headers["Location"]).get_data(as_text=True)

    _client, response = invite(app, c, c["shelter"])
    assert response.status_code == 303
    fresh()
    assert db.session.get(Cosignature, cosignature.id).state == CosignatureState.INVITED


def test_the_lead_cannot_cosign_its_own_input(app, make, coalition):
    c = coalition
    _client, response = invite(app, c, c["union"], message="kept")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dockers Union is the lead organisation of this submission" in html
    assert "kept</textarea>" in html  # what was typed comes back
    assert db.session.scalar(select(Cosignature)) is None


def test_a_duplicate_invitation_is_refused(app, make, coalition):
    c = coalition
    _client, first = invite(app, c, c["shelter"])
    _client, second = invite(app, c, c["shelter"])
    assert first.status_code == 303 and second.status_code == 422
    assert "Shelter Network is already invited to co-sign this submission" in second.get_data(as_text=True)
    assert len(db.session.scalars(select(Cosignature)).all()) == 1
    assert len(outbox()) == 2  # one email per member, once


def test_choosing_nothing_or_an_unknown_organisation_says_so(app, make, coalition):
    c = coalition
    client = logged_in(app, c["lead"])
    url = f"/my/submissions/{c['submission'].reference}/cosigners"
    response = post_form(client, url, {"message": "hello", "query": "shelter"})
    assert response.status_code == 422 and "Find the organisation by its name, then choose it" in response.get_data(as_text=True)
    response = post_form(client, url, {"organisation": "987654", "query": ""})
    assert response.status_code == 422 and "Choose an organisation from the list" in response.get_data(as_text=True)


def test_rejected_or_withdrawn_input_cannot_gain_cosigners(app, make, coalition):
    c = coalition
    rejected = make.submission(c["round"], c["union"], state=State.REJECTED)
    db.session.commit()
    client = logged_in(app, c["lead"])
    assert client.get(f"/my/submissions/{rejected.reference}/cosigners").status_code == 403
    assert "Co-signers: invite" not in client.get(f"/my/submissions/{rejected.reference}").get_data(as_text=True)
    assert "Co-signers: invite" in client.get(f"/my/submissions/{c['submission'].reference}").get_data(as_text=True)


def test_members_find_their_invitations_from_the_dashboard(app, make, coalition):
    c = coalition
    make.cosignature(c["submission"], c["shelter"], message="Join our call")
    db.session.commit()
    member = logged_in(app, c["cosigner"])
    dashboard = member.get("/my/submissions").get_data(as_text=True)
    assert "1 invitation to co-sign awaits your answer" in dashboard
    listing = member.get(f"/organisations/{c['shelter'].id}/cosigning").get_data(as_text=True)
    assert "End recruitment fees" in listing and "Dockers Union" in listing and "Join our call" in listing
    assert "1 invitation to co-sign awaits your answer" in member.get(f"/organisations/{c['shelter'].id}").get_data(as_text=True)


def test_exports_and_the_api_carry_the_confirmed_cosigners(app, make, coalition):
    c = coalition
    make.cosignature(c["submission"], c["shelter"], state=CosignatureState.CONFIRMED, answered_by=c["cosigner"])
    db.session.commit()
    client = app.test_client()
    expected = {"organisation": "Shelter Network", "stakeholder_group": "civil_society", "country": "PH"}
    data = json.loads(client.get(f"/rounds/{c['round'].slug}/export.json").get_data(as_text=True))
    assert data["submissions"][0]["cosigners"] == [expected]
    api = client.get(f"/api/v1/submissions/{c['submission'].reference}").get_json()
    assert api["cosigners"] == [expected]
    csv_text = client.get(f"/rounds/{c['round'].slug}/export.csv").get_data(as_text=True)
    header, row = csv_text.splitlines()[:2]
    assert "cosigners" in header.split(",") and "Shelter Network (civil_society, PH)" in row


def test_cosigners_are_named_beside_a_lead_that_publishes_without_its_name(app, make, coalition):
    c = coalition
    anonymous = make.submission(c["round"], c["union"], consent=Consent.ANONYMOUS, title="Unnamed input")
    make.cosignature(anonymous, c["shelter"], state=CosignatureState.CONFIRMED, answered_by=c["cosigner"])
    db.session.commit()
    html = app.test_client().get(f"/submissions/{anonymous.reference}").get_data(as_text=True)
    assert "Anonymous — Trade union, Kenya" in html and "Dockers Union" not in html
    assert "Co-signed by" in html and "Shelter Network (Civil society / NGO, Philippines)" in html
