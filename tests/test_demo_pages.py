"""What the demo shows, read from one demo loaded for the whole module (loading it takes
seconds; nothing here changes it)."""
import re
from collections import Counter

import pytest
from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.auth import services as account_services
from consult.auth.models import User
from consult.demo import loader
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Level, Round
from consult.search import indexer
from consult.submissions.models import Submission
from consult.submissions.public_text import author_label, public_document
from consult.submissions.states import State
from tests.conftest import app_on, login


@pytest.fixture(scope="module")
def demo_app(database_url, tmp_path_factory):
    with app_on(database_url, tmp_path_factory.mktemp("demo")) as app:
        with app.test_request_context():  # publishing the demo outcome writes emails with links
            loader.load()
            db.session.commit()
        with app.app_context():
            indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
        yield app


@pytest.fixture()
def demo(demo_app):
    yield demo_app
    db.session.remove()


@pytest.fixture()
def client(demo):
    return demo.test_client()


def test_demo_shows_an_individual_and_input_sent_on_behalf_of_a_community(demo):
    submissions = db.session.scalars(select(Submission).order_by(Submission.id)).all()
    assert [s.on_behalf_of for s in submissions if s.sent_on_behalf] == ["un grupo de temporeros senegaleses del municipio"]
    individual = next(s for s in submissions if s.organisation.is_individual)
    assert author_label(individual) == "A domestic worker in Lebanon, from Ethiopia"


def by_title(start: str) -> Submission:
    return db.session.scalar(select(Submission).where(Submission.title.startswith(start)))


def test_demo_shows_good_practice_for_privacy_on_the_public_pages(client):
    # A paper withheld for personal data: the public page says so; the file is not there.
    forum = by_title("Voices from Filipino members")
    page = client.get(f"/submissions/{forum.reference}").get_data(as_text=True)
    assert "One attachment withheld: personal data" in page and "forum-testimonies" not in page
    assert client.get(f"/attachments/{forum.attachments[0].id}").status_code == 404
    # A paper with a passage redacted: the public downloads its text without the passage.
    report = by_title("What families and returning workers told us")
    page = client.get(f"/submissions/{report.reference}").get_data(as_text=True)
    assert "family-help-desk-report-2026 (redacted).txt" in page
    paper = client.get(f"/attachments/{report.attachments[0].id}").get_data(as_text=True)
    assert "412 families" in paper and "[redacted: personal data]" in paper
    assert "Liza Ramos" not in paper and "0918 555 0177" not in paper
    # Beside them, a person's own input, anonymous, and input sent on behalf of a community.
    own = by_title("Let us change employers")
    assert "A domestic worker in Lebanon, from Ethiopia" in client.get(f"/submissions/{own.reference}").get_data(as_text=True)
    seasonal = by_title("Temporeros senegaleses")
    assert "on behalf of un grupo de temporeros senegaleses del municipio" in client.get(
        f"/submissions/{seasonal.reference}").get_data(as_text=True)
    login(client, account_services.find_by_email("moderator@consult.example"))
    review = client.get(f"/moderation/submissions/{forum.id}").get_data(as_text=True)
    assert "Withheld from the public: personal data" in review


def test_demo_tells_the_roundtable_3_story(demo):
    global_round = db.session.scalar(select(Round).where(Round.level == Level.GLOBAL))
    assert global_round.title.startswith("Strengthening partnerships and cooperation on international migration")
    assert len(global_round.round_questions) == 4
    assert [s.title for s in global_round.sessions] == [
        "Human rights of all migrants", "Lower remittance transfer costs", "Ethical recruitment",
        "Data and research", "Portability of social security", "Diaspora engagement",
        "Recognition of skills and qualifications",
    ]
    assert {r.level for r in global_round.fed_by} == {Level.NATIONAL, Level.REGIONAL}
    assert any(r.is_open() for r in global_round.fed_by)

    submissions = db.session.scalars(select(Submission)).all()
    states = Counter(s.state for s in submissions)
    assert {State.PUBLISHED, State.SUBMITTED, State.CHANGES_REQUESTED, State.DRAFT} <= set(states)
    assert {s.language for s in submissions} == {"en", "fr", "es"}
    groups = {o.stakeholder_group for o in db.session.scalars(select(Organisation))}
    assert groups == set(StakeholderGroup)
    assert len({o.country for o in db.session.scalars(select(Organisation))}) >= 5


def test_every_demo_state_was_reached_through_the_services(demo):
    published = db.session.scalars(select(Submission).where(Submission.state == State.PUBLISHED)).all()
    for submission in published:
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "submissions", AuditEvent.object_id == submission.id)
            .order_by(AuditEvent.id)
        ).all()
        assert actions[-2:] == ["submit", "publish"]
        assert submission.submitted_at <= submission.published_at


def test_demo_shows_an_outcome_forwarded_up_and_followed_up(client):
    national = client.get("/rounds/ph-labour-migration-2026").get_data(as_text=True)
    assert "Outcome published" in national
    register = client.get("/recommendations").get_data(as_text=True)
    assert "jointly liable for fees" in register and "Accepted" in register
    global_round = client.get("/rounds/hld-2013-rt3").get_data(as_text=True)
    assert "jointly liable for fees" in global_round  # forwarded as input to the global round


PHONE = "0917 555 0142"
PHONE_LIKE = re.compile(r"\+?\d[\d ()./-]{6,}\d")
EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def test_the_demo_redacts_the_caseworkers_phone_number_from_public_page_and_search(client):
    page = client.get("/submissions/PH26-2026-0001").get_data(as_text=True)
    assert "caseworker there" in page  # the answer is still there, around the withheld passages
    assert PHONE not in page and "Dizon" not in page
    assert "[redacted: personal data]" in page
    for query in ("0917", "Dizon", "Rowena"):
        results = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        assert "PH26-2026-0001" not in results
    found = client.get("/search", query_string={"q": "caseworker"}).get_data(as_text=True)
    assert "What families and returning workers told us this year" in found
    assert PHONE not in found and "Dizon" not in found
    export = client.get("/rounds/ph-labour-migration-2026/export.csv").get_data(as_text=True)
    assert PHONE not in export

    moderator = account_services.find_by_email("moderator@consult.example")
    login(client, moderator)
    submission = db.session.scalar(select(Submission).where(Submission.reference == "PH26-2026-0001"))
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert PHONE in review  # moderators keep seeing the original, marked as withheld


def test_no_published_demo_text_shows_a_phone_number_or_email_address(demo):
    with demo.test_request_context():
        public = db.session.scalars(select(Submission).where(Submission.public_clause())).all()
        assert public
        for submission in public:
            document = public_document(submission)
            text = " ".join([document.title, document.summary, *(t for _q, t in document.answers)])
            assert not PHONE_LIKE.search(text), (submission.reference, PHONE_LIKE.search(text).group())
            assert not EMAIL_LIKE.search(text), submission.reference


def test_demo_has_a_small_campaign_shown_once_to_the_public(client):
    round_ = db.session.scalar(select(Round).where(Round.level == Level.GLOBAL))
    page = client.get(f"/rounds/{round_.slug}").get_data(as_text=True)
    assert page.count("Sent by 39 organisations and people, 2 with their own words.") == 1
    login(client, db.session.scalar(select(User).where(User.email == "moderator@consult.example")))
    queue = client.get(f"/moderation/rounds/{round_.slug}").get_data(as_text=True)
    assert "Campaign letter with own words" in queue and "Campaign 1" in queue
