"""The codebook: started from the sessions, the library or nothing; themes added, edited,
reordered and removed by conveners, on two levels at most; publication with the outcome."""
from __future__ import annotations

from sqlalchemy import func, select

from consult import db
from consult.analysis.models import Codebook, Tag, Theme
from consult.audit import AuditEvent
from consult.demo import loader
from tests.analysis import factories
from tests.outcomes.helpers import fresh, post, signed_in, text_of


def home(round_) -> str:
    return f"/rounds/{round_.slug}/analysis"


def titles(round_) -> list[str]:
    fresh()
    return [t.title for t in db.session.scalars(
        select(Theme).where(Theme.round_id == round_.id, Theme.parent_id.is_(None)).order_by(Theme.position))]


def test_a_codebook_started_from_the_sessions_has_one_theme_per_session(app, analysts):
    db.session.commit()
    client = signed_in(app, analysts.convener)
    assert "Start the codebook" in text_of(client, home(analysts.round))
    response = post(client, home(analysts.round) + "/start", {"origin": "sessions"})
    assert response.status_code == 302
    page = text_of(client, home(analysts.round))
    assert "Session 1: ethical recruitment" in page and "How recruitment agencies are licensed." in page
    assert len(titles(analysts.round)) == 2
    # A second start is refused: the round has one codebook.
    post(client, home(analysts.round) + "/start", {"origin": "scratch"})
    assert "This round already has a codebook." in text_of(client, home(analysts.round))


def test_starting_without_a_known_origin_says_so_and_starts_nothing(app, analysts):
    db.session.commit()
    client = signed_in(app, analysts.convener)
    text_of(client, home(analysts.round))
    for origin in ({}, {"origin": "everything"}, {"origin": "x" * 10_000}):
        response = post(client, home(analysts.round) + "/start", origin)
        assert response.status_code == 302
        page = text_of(client, home(analysts.round))
        assert "This round has no codebook yet." in page and "Start the codebook" in page
    assert db.session.get(Codebook, analysts.round.id) is None


def test_the_library_brings_the_official_wording_and_its_source(app, analysts):
    db.session.commit()
    client = signed_in(app, analysts.convener)
    post(client, home(analysts.round) + "/start", {"origin": "library"})
    page = text_of(client, home(analysts.round))
    assert ("Objective 1: Collect and utilize accurate and disaggregated data as a basis for evidence-based "
            "policies") in page
    assert "Objective 23: Strengthen international cooperation and global partnerships" in page
    assert "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances" in page
    assert "A/RES/73/195" in page and "A/RES/70/1" in page
    fresh()
    themes = db.session.scalars(select(Theme).where(Theme.round_id == analysts.round.id)).all()
    assert len([t for t in themes if t.library_key and t.library_key.startswith("gcm-")]) == 23
    assert {t.library_key for t in themes if t.library_key and t.library_key.startswith("sdg-")} == {
        "sdg-10.7", "sdg-10.c", "sdg-8.7", "sdg-8.8", "sdg-5.2", "sdg-16.9", "sdg-17.18"}
    groups = {t.title for t in themes if t.parent_id is None}
    assert groups == {"Global Compact objectives", "SDG targets"}


def test_some_library_themes_added_to_a_codebook_from_scratch_once_only(app, analysts):
    db.session.commit()
    client = signed_in(app, analysts.convener)
    post(client, home(analysts.round) + "/start", {"origin": "scratch"})
    assert "The codebook has no theme yet." in text_of(client, home(analysts.round))
    post(client, home(analysts.round) + "/library", {"themes": ["gcm-6", "sdg-8.8"]})
    page = post(client, home(analysts.round) + "/library", {"themes": ["gcm-6"]}, follow_redirects=True)
    assert "0 themes of the library added." in page.get_data(as_text=True)
    library_page = text_of(client, home(analysts.round) + "/library")
    assert "already in the codebook" in library_page
    fresh()
    keys = sorted(t.library_key for t in db.session.scalars(select(Theme).where(Theme.round_id == analysts.round.id)))
    assert keys == ["gcm", "gcm-6", "sdg", "sdg-8.8"]
    nothing = post(client, home(analysts.round) + "/library", {})
    assert nothing.status_code == 422 and "Choose at least one theme of the library." in nothing.get_data(as_text=True)


def test_themes_added_edited_reordered_and_two_levels_at_most(app, analysts):
    book = factories.codebook(analysts.round)
    fees = factories.theme(book, "Recruitment fees")
    factories.theme(book, "Remittances")
    origin = factories.theme(book, "Fees at origin", parent=fees)
    db.session.commit()
    client = signed_in(app, analysts.convener)
    response = post(client, home(analysts.round) + "/themes/new",
                    {"title": "Debt bondage", "description": "Loans", "parent": str(origin.id)})
    assert response.status_code == 422
    assert "is itself a sub-theme: the codebook has two levels at most" in response.get_data(as_text=True)
    assert 'value="Debt bondage"' in response.get_data(as_text=True)  # what was typed is kept
    response = post(client, home(analysts.round) + f"/themes/{fees.id}/edit",
                    {"title": "Recruitment fees", "parent": str(factories_theme_id(analysts.round, "Remittances"))})
    assert "A theme with sub-themes cannot become a sub-theme" in response.get_data(as_text=True)
    post(client, home(analysts.round) + "/themes/new", {"title": "Debt bondage", "parent": str(fees.id)})
    post(client, home(analysts.round) + f"/themes/{fees.id}/edit", {"title": "Fair recruitment", "parent": ""})
    post(client, home(analysts.round) + f"/themes/{fees.id}/down")
    assert titles(analysts.round) == ["Remittances", "Fair recruitment"]
    top = post(client, home(analysts.round) + f"/themes/{factories_theme_id(analysts.round, 'Remittances')}/up",
               follow_redirects=True)
    assert "is already at that end of the list" in top.get_data(as_text=True)
    page = text_of(client, home(analysts.round))
    assert page.index("Fees at origin") < page.index("Debt bondage")  # sub-themes in their order
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "move_theme")) is not None


def factories_theme_id(round_, title: str) -> int:
    fresh()
    return db.session.scalar(select(Theme.id).where(Theme.round_id == round_.id, Theme.title == title))


def test_a_tagged_theme_is_not_removed_an_untagged_one_is(app, make, analysts):
    submission = make.submission(analysts.round, analysts.org)
    book = factories.codebook(analysts.round)
    fees = factories.theme(book, "Recruitment fees")
    spare = factories.theme(book, "Spare")
    factories.tag(submission, fees)
    db.session.commit()
    client = signed_in(app, analysts.convener)
    refused = post(client, home(analysts.round) + f"/themes/{fees.id}/remove", follow_redirects=True)
    assert "has 1 tag: move or remove it before removing the theme" in refused.get_data(as_text=True)
    post(client, home(analysts.round) + f"/themes/{spare.id}/remove")
    assert titles(analysts.round) == ["Recruitment fees"]


def test_moderators_tag_but_only_conveners_edit_the_codebook(app, analysts):
    book = factories.codebook(analysts.round)
    fees = factories.theme(book, "Recruitment fees")
    db.session.commit()
    client = signed_in(app, analysts.moderator)
    page = text_of(client, home(analysts.round))
    assert "Recruitment fees" in page and "Add a theme" not in page
    assert client.get(home(analysts.round) + "/themes/new").status_code == 403
    assert post(client, home(analysts.round) + f"/themes/{fees.id}/remove").status_code == 403
    assert post(client, home(analysts.round) + "/publish").status_code == 403


def test_the_analysis_is_staff_only_until_published_with_the_outcome(app, make, analysts):
    submission = make.submission(analysts.round, analysts.org, answers={
        "q1": "Workers should never pay recruitment fees.", "q2": "Inspect agencies."})
    book = factories.codebook(analysts.round)
    fees = factories.theme(book, "Recruitment fees")
    factories.tag(submission, fees, "never pay recruitment fees")
    make.outcome(analysts.round)
    db.session.commit()
    public = app.test_client()
    reader = signed_in(app, analysts.member)
    assert public.get(home(analysts.round)).status_code == 302  # to log in
    assert reader.get(home(analysts.round)).status_code == 403
    convener = signed_in(app, analysts.convener)
    refused = post(convener, home(analysts.round) + "/publish", follow_redirects=True)
    assert "outcome first: the analysis is published with it" in refused.get_data(as_text=True)
    fresh()
    assert db.session.get(Codebook, analysts.round.id).published_at is None
    assert post(convener, f"/rounds/{analysts.round.slug}/outcome/publish").status_code == 302
    post(convener, home(analysts.round) + "/publish")
    assert "Recruitment fees" in text_of(public, home(analysts.round))
    theme_page = text_of(public, home(analysts.round) + f"/themes/{fees.id}")
    assert "never pay recruitment fees" in theme_page and submission.reference in theme_page
    fresh()
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "publish_analysis")) is not None
    post(convener, home(analysts.round) + "/withdraw")
    assert public.get(home(analysts.round)).status_code == 302


def test_the_demo_has_a_published_analysis_of_its_concluded_round(app):
    with app.test_request_context():  # publishing the demo's outcome writes emails with links
        loader.load()
        db.session.commit()
    public = app.test_client()
    page = text_of(public, "/rounds/ph-labour-migration-2026/analysis")
    assert "Fair recruitment and welfare on site" in page  # from the round's sessions
    assert "Objective 6: Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work" in page
    fresh()
    assert db.session.scalar(select(func.count(Tag.id))) >= 15
    objective_6 = db.session.scalar(select(Theme).where(Theme.library_key == "gcm-6"))
    theme_page = text_of(public, f"/rounds/ph-labour-migration-2026/analysis/themes/{objective_6.id}")
    assert "make recruitment agencies jointly liable for fees collected by their sub-agents" in theme_page
    assert "Philippine rules protect them" not in theme_page  # input not published is not shown


def test_starting_without_choosing_says_what_to_choose(app, analysts):
    db.session.commit()
    client = signed_in(app, analysts.convener)
    response = post(client, home(analysts.round) + "/start", {}, follow_redirects=True)
    assert "Choose where the codebook starts from." in response.get_data(as_text=True)
    assert "Start the codebook" in response.get_data(as_text=True)
