"""Creating and editing a round, and every bad input the form must survive."""
from datetime import datetime, timezone

from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.rounds.models import Level, Round, RoundStatus, StaffRole
from consult.security import Role
from tests.rounds.helpers import as_user, fresh, post, round_data, text

UTC = timezone.utc


def created(slug):
    fresh()
    return db.session.scalar(select(Round).where(Round.slug == slug))


def test_a_convener_creates_a_draft_round_and_becomes_its_convener(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    client = as_user(app, convener)
    response = post(client, "/my-rounds/new", round_data())
    assert response.status_code == 302
    round_ = created("roundtable-3-partnerships-cooperation-and-coherence")  # suggested from the title
    assert response.headers["Location"].endswith(f"/my-rounds/{round_.slug}")
    assert round_.status == RoundStatus.DRAFT
    assert [(s.user_id, s.role) for s in round_.staff] == [(convener.id, StaffRole.CONVENER)]
    # 09:00 in Paris in December is 08:00 UTC; 23:59 is 22:59 UTC.
    assert round_.opens_at == datetime(2030, 12, 1, 8, 0, tzinfo=UTC)
    assert round_.closes_at == datetime(2030, 12, 12, 22, 59, tzinfo=UTC)
    assert round_.allowed_groups is None  # every group ticked means "all"
    assert round_.languages == ["en", "fr"]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "rounds", AuditEvent.action == "create"))
    page = text(client.get(f"/my-rounds/{round_.slug}"))
    assert "12 December 2030, 23:59 CET" in page and "UTC+01:00" in page


def test_individuals_may_send_input_only_where_the_convener_says_so(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    client = as_user(app, convener)
    form = text(client.get("/my-rounds/new"))
    assert "Individuals (migrants, family members, workers) may send input as themselves" in form
    assert "Individual (migrant" not in form  # not one of the organisations' groups
    post(client, "/my-rounds/new", round_data(slug="closed-to-people", reference_prefix="CLP"))
    post(client, "/my-rounds/new", round_data(slug="open-to-people", reference_prefix="OTP", accepts_individuals="y"))
    assert not created("closed-to-people").accepts_individuals  # off unless chosen
    assert created("open-to-people").accepts_individuals
    assert created("open-to-people").allowed_groups is None


def test_the_same_local_time_in_another_zone_is_another_instant(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    client = as_user(app, convener)
    post(client, "/my-rounds/new", round_data(slug="manila", timezone="Asia/Manila", reference_prefix="MNL"))
    assert created("manila").closes_at == datetime(2030, 12, 12, 15, 59, tzinfo=UTC)
    post(client, "/my-rounds/new", round_data(slug="new-york", timezone="America/New_York", reference_prefix="NYC"))
    assert created("new-york").closes_at == datetime(2030, 12, 13, 4, 59, tzinfo=UTC)


def test_members_and_moderators_may_not_create_rounds(app, make):
    member, moderator = make.user(), make.user(Role.MODERATOR)
    db.session.commit()
    assert as_user(app, member).get("/my-rounds/new").status_code == 403
    assert as_user(app, moderator).post("/my-rounds/new", data=round_data()).status_code == 403
    assert app.test_client().get("/my-rounds/new").status_code == 302


def assert_refused(response, *messages, kept=()):
    assert response.status_code == 422
    html = text(response)
    assert "There is a problem" in html
    for message in messages:
        assert message in html
    for value in kept:
        assert value in html  # what the convener typed is still there
    return html


def test_closing_before_opening_is_refused_and_keeps_the_input(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    response = post(as_user(app, convener), "/my-rounds/new",
                    round_data(opens_at="2030-12-12T09:00", closes_at="2030-12-01T09:00"))
    assert_refused(response, "The round must close after it opens.",
                   kept=["Roundtable 3: Partnerships", "2030-12-12T09:00"])
    assert db.session.scalar(select(Round)) is None


def test_a_taken_slug_is_refused(app, make):
    convener = make.user(Role.CONVENER)
    make.round(slug="taken")
    db.session.commit()
    response = post(as_user(app, convener), "/my-rounds/new", round_data(slug="taken"))
    assert_refused(response, "This web address is already used by another round.")


def test_a_slug_that_is_not_url_safe_is_refused(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    client = as_user(app, convener)
    for bad in ("Round 3", "round/../admin", "ronda-señal", "-dash", "a--b", "x" * 81):
        response = post(client, "/my-rounds/new", round_data(slug=bad))
        assert response.status_code == 422, bad
    assert db.session.scalar(select(Round)) is None


def test_a_suggested_slug_avoids_a_taken_one(app, make):
    convener = make.user(Role.CONVENER)
    make.round(slug="roundtable-3-partnerships-cooperation-and-coherence")
    db.session.commit()
    post(as_user(app, convener), "/my-rounds/new", round_data())
    assert created("roundtable-3-partnerships-cooperation-and-coherence-2") is not None


def test_a_time_skipped_by_the_clocks_is_refused(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    # Paris moves from 02:00 to 03:00 on 30 March 2031: 02:30 does not exist.
    response = post(as_user(app, convener), "/my-rounds/new",
                    round_data(opens_at="2031-03-01T09:00", closes_at="2031-03-30T02:30"))
    assert_refused(response, "does not exist in Europe/Paris")


def test_a_time_that_happens_twice_is_refused(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    # Paris goes back from 03:00 to 02:00 on 26 October 2031: 02:30 happens twice.
    response = post(as_user(app, convener), "/my-rounds/new",
                    round_data(opens_at="2031-10-01T09:00", closes_at="2031-10-26T02:30"))
    assert_refused(response, "happens twice in Europe/Paris")


def test_malformed_values_get_messages_not_errors(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    client = as_user(app, convener)
    for overrides in (
        {"opens_at": "tomorrow"}, {"closes_at": "2030-13-45T25:00"}, {"timezone": "Mars/Olympus"},
        {"level": "galactic"}, {"languages": ["de"]}, {"languages": []}, {"allowed_groups": []},
        {"answer_word_limit": "many"}, {"answer_word_limit": "0"}, {"max_attachment_mb": "999"},
        {"reference_prefix": "hld 3!"}, {"title": ""}, {"convening_organisation_id": "999999"},
        {"feeds_into_id": "abc"}, {"country": "XX1"}, {"opens_at": "0001-01-01T00:00", "timezone": "Asia/Manila"},
        {"closes_at": "9999-12-31T23:59", "timezone": "America/Los_Angeles"},
    ):
        response = post(client, "/my-rounds/new", round_data(**overrides))
        assert response.status_code == 422, overrides
        assert "There is a problem" in text(response)
    assert db.session.scalar(select(Round)) is None


def test_preview_shows_sanitised_markdown_without_saving(app, make):
    convener = make.user(Role.CONVENER)
    db.session.commit()
    background = (
        "## Partnerships\n\n<script>alert('x')</script>\n\n<iframe src='https://evil.example'></iframe>\n\n"
        "[click me](javascript:alert(1)) and [the paper](https://un.org/paper)"
    )
    response = post(as_user(app, convener), "/my-rounds/new", round_data(background=background, preview="1"))
    assert response.status_code == 200
    html = text(response)
    preview = html.split('id="preview-heading"')[1]
    assert "<h2>Partnerships</h2>" in preview
    assert "<script>" not in preview and "<iframe" not in preview and "javascript:" not in preview
    assert 'href="https://un.org/paper"' in preview
    assert db.session.scalar(select(Round)) is None


def test_the_public_page_never_runs_a_script_from_the_background(app, make, client):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    db.session.commit()
    data = round_data(slug=round_.slug, reference_prefix=round_.reference_prefix,
                      background="<script>alert(1)</script><iframe src=x></iframe>[x](javascript:alert(1))")
    assert post(as_user(app, convener), f"/my-rounds/{round_.slug}/edit", data).status_code == 302
    html = text(client.get(f"/rounds/{round_.slug}"))
    assert "<script>alert" not in html and "<iframe" not in html and "javascript:alert" not in html


def test_editing_another_conveners_round_is_forbidden(app, make):
    owner, other = make.user(Role.CONVENER), make.user(Role.CONVENER)
    round_ = make.round(convener=owner, title="Owner's round")
    db.session.commit()
    client = as_user(app, other)
    assert client.get(f"/my-rounds/{round_.slug}/edit").status_code == 403
    response = post(client, f"/my-rounds/{round_.slug}/edit", round_data(title="Hijacked"))
    assert response.status_code == 403
    fresh()
    assert db.session.get(Round, round_.id).title == "Owner's round"


def test_an_admin_may_edit_any_round(app, make):
    owner, admin = make.user(Role.CONVENER), make.user(Role.ADMIN)
    round_ = make.round(convener=owner, status=RoundStatus.DRAFT)
    db.session.commit()
    data = round_data(slug=round_.slug, title="Renamed by the admin", reference_prefix=round_.reference_prefix)
    assert post(as_user(app, admin), f"/my-rounds/{round_.slug}/edit", data).status_code == 302
    fresh()
    assert db.session.get(Round, round_.id).title == "Renamed by the admin"


def test_a_published_rounds_dates_move_only_through_lifecycle_actions(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener)
    closes = round_.closes_at
    db.session.commit()
    client = as_user(app, convener)
    page = text(client.get(f"/my-rounds/{round_.slug}/edit"))
    assert 'name="closes_at"' not in page and "Extend the deadline" in page
    data = round_data(slug=round_.slug, reference_prefix=round_.reference_prefix, closes_at="2040-01-01T00:00")
    assert post(client, f"/my-rounds/{round_.slug}/edit", data).status_code == 302
    fresh()
    assert db.session.get(Round, round_.id).closes_at == closes


def test_a_published_round_keeps_the_address_people_were_sent(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, slug="hld-2026-rt3")
    db.session.commit()
    client = as_user(app, convener)
    page = text(client.get("/my-rounds/hld-2026-rt3/edit"))
    assert 'name="slug"' not in page and "/rounds/hld-2026-rt3" in page and "no longer changes" in page
    data = round_data(slug="renamed", title="New title", reference_prefix=round_.reference_prefix)
    assert post(client, "/my-rounds/hld-2026-rt3/edit", data).status_code == 302
    fresh()
    kept = db.session.get(Round, round_.id)
    assert kept.slug == "hld-2026-rt3" and kept.title == "New title"  # the rest of the form is saved
    assert client.get("/rounds/hld-2026-rt3").status_code == 200 and client.get("/rounds/renamed").status_code == 404


def test_a_round_feeds_only_into_a_higher_level(app, make):
    convener = make.user(Role.CONVENER)
    regional = make.round(level=Level.REGIONAL, title="Regional round")
    db.session.commit()
    client = as_user(app, convener)
    response = post(client, "/my-rounds/new", round_data(level="global", feeds_into_id=str(regional.id)))
    assert_refused(response, "A round can only feed into a round of a higher level.")
    response = post(client, "/my-rounds/new", round_data(level="national", slug="national", feeds_into_id=str(regional.id)))
    assert response.status_code == 302
    assert created("national").feeds_into_id == regional.id
