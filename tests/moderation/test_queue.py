"""The queue: filters, search, sort, counts per state, pagination; and the summary."""
from __future__ import annotations

from datetime import timedelta

from consult import db
from consult.db import utcnow
from consult.moderation import queries
from consult.moderation.models import ModerationDecision
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import Attachment
from consult.submissions.states import State
from tests.conftest import login


def titles(html: str, *candidates: str) -> list[str]:
    return [t for t in candidates if t in html]


def test_filters_search_and_counts(app, client, make, staff):
    union = make.organisation("Seafarers Union", group=StakeholderGroup.TRADE_UNION, country="NO", verified=False)
    a = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Alpha on fees")
    b = make.submission(staff.round, union, state=State.SUBMITTED, title="Bravo on ships", language="fr")
    c = make.submission(staff.round, staff.org, state=State.PUBLISHED, title="Charlie published",
                        answers={"q1": "Remittance costs must fall.", "q2": "x"})
    make.submission(staff.round, staff.org, state=State.DRAFT, title="Delta draft")
    c.sessions = [staff.round.sessions[0]]
    b.attachments.append(Attachment(filename="a.pdf", content_type="application/pdf", size=1, sha256="0" * 64,
                                    storage_key="bravo"))
    a.submitted_at = utcnow() - timedelta(days=3)
    db.session.commit()
    login(client, staff.moderator)
    url = f"/moderation/rounds/{staff.round.slug}"
    all_titles = ("Alpha on fees", "Bravo on ships", "Charlie published", "Delta draft")

    html = client.get(url).get_data(as_text=True)
    assert titles(html, *all_titles) == ["Alpha on fees", "Bravo on ships", "Charlie published"]  # never drafts
    assert html.index("Alpha on fees") < html.index("Bravo on ships")  # oldest first
    newest = client.get(url + "?sort=newest").get_data(as_text=True)
    assert newest.index("Bravo on ships") < newest.index("Alpha on fees")

    assert titles(client.get(url + "?state=submitted").get_data(as_text=True), *all_titles) == ["Alpha on fees", "Bravo on ships"]
    assert titles(client.get(url + "?group=trade_union").get_data(as_text=True), *all_titles) == ["Bravo on ships"]
    assert titles(client.get(url + "?country=NO").get_data(as_text=True), *all_titles) == ["Bravo on ships"]
    assert titles(client.get(url + "?language=fr").get_data(as_text=True), *all_titles) == ["Bravo on ships"]
    assert titles(client.get(url + "?verified=no").get_data(as_text=True), *all_titles) == ["Bravo on ships"]
    assert titles(client.get(url + "?attachments=y").get_data(as_text=True), *all_titles) == ["Bravo on ships"]
    session_id = staff.round.sessions[0].id
    assert titles(client.get(url + f"?session={session_id}").get_data(as_text=True), *all_titles) == ["Charlie published"]
    assert titles(client.get(url + "?q=remittance").get_data(as_text=True), *all_titles) == ["Charlie published"]
    assert titles(client.get(url + "?q=seafarers").get_data(as_text=True), *all_titles) == ["Bravo on ships"]
    assert titles(client.get(url + "?q=100%25_").get_data(as_text=True), *all_titles) == []  # LIKE wildcards are literal

    counts = client.get(url + "?group=civil_society").get_data(as_text=True)
    assert "Awaiting review: <strong>1</strong>" in counts and "Published: <strong>1</strong>" in counts


def test_bad_filters_are_reported_not_fatal(app, client, make, staff):
    make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Still listed")
    db.session.commit()
    login(client, staff.moderator)
    response = client.get(f"/moderation/rounds/{staff.round.slug}?state=bogus&page=-4&session=abc&sort=sideways")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Still listed" in html


def test_pagination_and_the_cross_round_queue(app, client, make, staff):
    other = make.round(title="Regional round", moderator=staff.moderator)
    for i in range(3):
        make.submission(other, staff.org, state=State.SUBMITTED, title=f"Regional input {i}")
    make.submission(make.round(), staff.org, state=State.SUBMITTED, title="Not my round")
    db.session.commit()
    page = queries.queue([other.id], queries.QueueFilters(page=2), page_size=2)
    assert (page.total, page.pages, len(page.submissions)) == (3, 2, 1)
    login(client, staff.moderator)
    html = client.get("/moderation/").get_data(as_text=True)
    assert "Regional input 0" in html and "Not my round" not in html
    assert 'href="/moderation/"' in html  # the navigation offers Moderation to moderators
    assert ">Moderation<" not in app.test_client().get("/").get_data(as_text=True)


def test_public_summary_counts_without_personal_data(app, client, make, staff):
    now = utcnow()
    pub = make.submission(staff.round, staff.org, state=State.PUBLISHED)
    for action, reason, days in (("publish", None, 2), ("reject", "Spam or advertising", 4), ("publish", None, 6)):
        db.session.add(ModerationDecision(
            submission_id=pub.id, round_id=staff.round.id, action=action, from_state="submitted", to_state="x",
            reason_code=reason, message="Secret note about Maria", received_at=now - timedelta(days=days),
            actor_id=staff.moderator.id, created_at=now))
    db.session.commit()
    html = client.get(f"/rounds/{staff.round.slug}/moderation").get_data(as_text=True)
    assert "Spam or advertising" in html and "4.0 days" in html
    assert "Maria" not in html and "Mona" not in html and staff.org.name not in html


def test_the_organisations_latest_decisions_for_its_dashboard(in_request, make, staff):
    from consult.moderation import services
    from consult.submissions.states import Action

    submission = make.submission(staff.round, staff.org, state=State.SUBMITTED, title="Mine")
    other = make.submission(staff.round, make.organisation(), state=State.SUBMITTED, title="Theirs")
    for s in (submission, other):
        services.decide(s, Action.PUBLISH, actor=staff.moderator, expected_version=s.lock_version)
    decisions = queries.decisions_for_organisations(staff.member.organisation_ids())
    assert [(d.submission.title, d.action) for d in decisions] == [("Mine", "publish")]
