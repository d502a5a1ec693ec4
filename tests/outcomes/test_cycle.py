"""The whole cycle: a national round concludes, forwards its recommendations to the global
round, the global outcome cites them, and the national page shows what became of them."""
from datetime import timedelta

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.db import utcnow
from consult.mail import OutgoingMail
from consult.organisations.models import Membership, MembershipRole, StakeholderGroup
from consult.outcomes.models import Forwarding, Recommendation
from consult.outcomes.states import RecommendationStatus
from consult.rounds.models import Level, RoundPhase, RoundStatus
from consult.security import Role
from consult.submissions.states import State
from tests.outcomes.helpers import fresh, post, signed_in, text_of


def mails_to(address):
    fresh()
    return db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == address)).all()


def test_national_recommendations_flow_up_and_what_became_of_them_flows_back(app, make):
    national_convener = make.user(Role.CONVENER, email="convener@nepal.example")
    global_convener = make.user(Role.CONVENER, email="convener@global.example")
    global_round = make.round(title="Global dialogue on migration", level=Level.GLOBAL, convener=global_convener,
                              closes_at=utcnow() + timedelta(days=10))
    national = make.closed_round(title="Nepal national consultation", level=Level.NATIONAL,
                                 convener=national_convener, feeds_into=global_round)
    national.country = "NP"
    union = make.organisation("Nepal Migrant Workers Union", group=StakeholderGroup.TRADE_UNION, country="NP")
    make.user(organisation=union, email="officer@union.example")
    applicant = make.user(email="applicant@union.example")
    db.session.add(Membership(user=applicant, organisation=union, role=MembershipRole.PENDING))
    reviewed = make.organisation("Returnee Network")
    make.user(organisation=reviewed, email="desk@returnees.example")
    drafting = make.organisation("Still Drafting Collective")
    make.user(organisation=drafting, email="late@drafting.example")
    supporting = make.submission(national, union, title="Recruitment fees in Gulf corridors")
    make.submission(national, reviewed, title="Awaiting review", state=State.SUBMITTED)
    make.submission(national, drafting, title="Unsent", state=State.DRAFT)
    db.session.commit()

    # The national conveners write the outcome: private until published.
    nat = signed_in(app, national_convener)
    session = national.sessions[0]
    assert post(nat, f"/rounds/{national.slug}/outcome/edit",
                {f"session_{session.id}": "Participants **agreed** fees must end."}).status_code == 302
    response = post(nat, f"/rounds/{national.slug}/outcome/recommendations/new", {
        "text": "Abolish recruitment fees charged to workers.", "session": str(session.id),
        "addressee": "governments", "support": str(supporting.id), "theme": "recruitment"})
    assert response.status_code == 302
    public = app.test_client()
    text_of(public, f"/rounds/{national.slug}/outcome", status=404)
    assert "Abolish recruitment fees" not in text_of(public, "/recommendations")

    # Publishing concludes the round and tells the organisations that took part.
    assert post(nat, f"/rounds/{national.slug}/outcome/publish").status_code == 302
    fresh()
    assert national.status == RoundStatus.CONCLUDED and national.phase() == RoundPhase.CONCLUDED
    assert len(mails_to("officer@union.example")) == 1 and len(mails_to("desk@returnees.example")) == 1
    assert mails_to("applicant@union.example") == [] and mails_to("late@drafting.example") == []
    assert "Nepal national consultation" in mails_to("officer@union.example")[0].body
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "conclude",
                                                      AuditEvent.object_id == national.id)).to_state == "concluded"
    page = text_of(public, f"/rounds/{national.slug}/outcome")
    assert "Abolish recruitment fees" in page and "<strong>agreed</strong>" in page

    # Forwarded to the global round, where they appear as input with their origin.
    forwarded = post(nat, f"/rounds/{national.slug}/outcome/forward", follow_redirects=True)
    assert "Recommendations forwarded to “Global dialogue on migration”." in forwarded.get_data(as_text=True)
    fresh()
    national_rec = db.session.scalar(select(Recommendation))
    assert national_rec.forwarding.to_round_id == global_round.id
    global_page = text_of(public, f"/rounds/{global_round.slug}")
    assert "Abolish recruitment fees" in global_page
    assert "Nepal national consultation" in global_page and "National, Nepal" in global_page

    # The global round closes; its outcome cites the national recommendation.
    global_round.opens_at = utcnow() - timedelta(days=40)
    global_round.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    glob = signed_in(app, global_convener)
    form = text_of(glob, f"/rounds/{global_round.slug}/outcome/recommendations/new")
    assert national_rec.code in form
    response = post(glob, f"/rounds/{global_round.slug}/outcome/recommendations/new", {
        "text": "States should adopt the Employer Pays principle.", "addressee": "governments",
        "cites": str(national_rec.id)})
    assert response.status_code == 302
    assert post(glob, f"/rounds/{global_round.slug}/outcome/publish").status_code == 302
    fresh()
    global_rec = db.session.scalar(select(Recommendation).where(Recommendation.id != national_rec.id))

    # The national round's page shows what became of its recommendation at the global level.
    national_page = text_of(public, f"/rounds/{national.slug}")
    assert "What became of this at the global level" in national_page
    assert global_rec.code in national_page
    lineage = text_of(public, f"/recommendations/{national_rec.id}")
    assert "Global dialogue on migration" in lineage and global_rec.code in lineage
    upward = text_of(public, f"/recommendations/{global_rec.id}")
    assert national_rec.code in upward and "Nepal national consultation" in upward

    # A status change of the global recommendation reaches the union whose input started it.
    before = len(mails_to("officer@union.example"))
    response = post(glob, f"/recommendations/{global_rec.id}/updates/new", {
        "status": "accepted", "text": "Endorsed by the plenary.", "evidence_url": "https://example.org/report"})
    assert response.status_code == 302
    assert len(mails_to("officer@union.example")) == before + 1
    assert "Accepted" in mails_to("officer@union.example")[-1].body
    assert "Accepted" in text_of(public, f"/rounds/{national.slug}")
    assert db.session.scalar(select(Forwarding)).from_round_id == national.id


def test_a_progress_note_keeps_the_status_and_emails_nobody(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.closed_round(convener=convener)
    org = make.organisation("Supporter Org")
    make.user(organisation=org, email="supporter@org.example")
    submission = make.submission(round_, org)
    recommendation = make.outcome(round_, supporting=[submission]).recommendations[0]
    db.session.commit()
    client = signed_in(app, convener)
    post(client, f"/rounds/{round_.slug}/outcome/publish")
    before = len(mails_to("supporter@org.example"))
    assert before == 1  # told of the outcome

    post(client, f"/recommendations/{recommendation.id}/updates/new", {"status": "proposed", "text": "Discussed."})
    assert len(mails_to("supporter@org.example")) == before
    post(client, f"/recommendations/{recommendation.id}/updates/new", {"status": "in_progress", "text": "A bill."})
    assert len(mails_to("supporter@org.example")) == before + 1
    fresh()
    assert recommendation.status == RecommendationStatus.IN_PROGRESS
    history = text_of(app.test_client(), f"/recommendations/{recommendation.id}")
    assert history.index("A bill.") < history.index("Discussed.")  # newest first
    assert "Proposed → In progress" in history


def test_the_addressees_representative_reports_once_the_conveners_allow_it(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.closed_round(convener=convener)
    ministry = make.organisation("Ministry of Labour", group=StakeholderGroup.GOVERNMENT)
    official = make.user(organisation=ministry)
    recommendation = make.outcome(round_, publish=True).recommendations[0]
    db.session.commit()

    client = signed_in(app, official)
    assert client.get(f"/recommendations/{recommendation.id}/updates/new").status_code == 403
    assert post(signed_in(app, convener), f"/recommendations/{recommendation.id}/rights",
                {"organisation": str(ministry.id)}).status_code == 302
    assert post(client, f"/recommendations/{recommendation.id}/updates/new",
                {"status": "accepted", "text": "The ministry accepts it."}).status_code == 302
    assert "reported by Ministry of Labour" in text_of(client, f"/recommendations/{recommendation.id}")


def test_every_feeding_round_shows_the_higher_outcome_once_published(app, make):
    convener = make.user(Role.CONVENER)
    regional = make.closed_round(title="Asia-Pacific regional round", level=Level.REGIONAL, convener=convener)
    local = make.closed_round(title="Cebu local round", level=Level.LOCAL, feeds_into=regional)
    make.outcome(regional)
    db.session.commit()
    public = app.test_client()
    assert "What became of this" not in text_of(public, f"/rounds/{local.slug}")
    post(signed_in(app, convener), f"/rounds/{regional.slug}/outcome/publish")
    page = text_of(public, f"/rounds/{local.slug}")
    assert "What became of this at the regional level" in page
    assert "Outcome of Asia-Pacific regional round" in page and f"/rounds/{regional.slug}/outcome" in page
