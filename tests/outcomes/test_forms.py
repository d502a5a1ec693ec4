"""Bad input to the outcome forms: a clear message, what was typed kept, never a 500."""
from consult import db
from consult.security import Role
from consult.submissions.states import State
from tests.outcomes.helpers import post, signed_in


def setting(make, publish=False):
    convener = make.user(Role.CONVENER)
    round_ = make.closed_round(convener=convener)
    outcome = make.outcome(round_, publish=publish)
    db.session.commit()
    return convener, round_, outcome


def test_a_recommendation_without_text_or_addressee_comes_back_with_messages(app, make):
    convener, round_, _ = setting(make)
    response = post(signed_in(app, convener), f"/rounds/{round_.slug}/outcome/recommendations/new",
                    {"text": "", "theme": "my typed theme"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and "Write the recommendation." in html
    assert "Choose to whom it is addressed." in html
    assert 'value="my typed theme"' in html


def test_a_named_body_needs_its_name(app, make):
    convener, round_, _ = setting(make)
    response = post(signed_in(app, convener), f"/rounds/{round_.slug}/outcome/recommendations/new",
                    {"text": "Ratify C189.", "addressee": "named_body"})
    assert response.status_code == 422
    assert "Name the body this recommendation is addressed to." in response.get_data(as_text=True)


def test_malformed_or_unpublished_supporting_input_is_refused_not_an_error(app, make):
    convener, round_, _ = setting(make)
    pending = make.submission(round_, make.organisation(), title="Pending input", state=State.SUBMITTED)
    db.session.commit()
    client = signed_in(app, convener)
    for support in ("abc", str(pending.id), "99999", "-1"):
        response = post(client, f"/rounds/{round_.slug}/outcome/recommendations/new",
                        {"text": "Keep this text.", "addressee": "governments", "support": support})
        assert response.status_code == 422, support
        assert "Keep this text." in response.get_data(as_text=True)
    response = post(client, f"/rounds/{round_.slug}/outcome/recommendations/new",
                    {"text": "Cite nothing real.", "addressee": "governments", "cites": "12345", "session": "x"})
    assert response.status_code == 422


def test_the_picker_finds_public_input_by_title_words_and_keeps_what_was_typed(app, make):
    convener, round_, _ = setting(make)
    make.submission(round_, make.organisation(), title="Domestic workers and the kafala system")
    make.submission(round_, make.organisation(), title="Seafarers at sea")
    make.submission(round_, make.organisation(), title="Domestic workers pending", state=State.SUBMITTED)
    db.session.commit()
    response = post(signed_in(app, convener), f"/rounds/{round_.slug}/outcome/recommendations/new",
                    {"text": "Half-written recommendation", "support_query": "domestic KAFALA", "find": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Half-written recommendation" in html
    assert "Domestic workers and the kafala system" in html
    assert "Seafarers at sea" not in html and "Domestic workers pending" not in html
    assert "There is a problem" not in html


def test_an_update_needs_text_and_a_web_address_for_evidence(app, make):
    convener, round_, outcome = setting(make, publish=True)
    recommendation = outcome.recommendations[0]
    client = signed_in(app, convener)
    response = post(client, f"/recommendations/{recommendation.id}/updates/new",
                    {"status": "accepted", "text": "", "evidence_url": "javascript:alert(1)"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say what happened, even briefly." in html
    assert "Give a full web address starting with https:// or http://." in html
    response = post(client, f"/recommendations/{recommendation.id}/updates/new",
                    {"status": "no-such-status", "text": "Something."})
    assert response.status_code == 422
    response = post(client, f"/recommendations/{recommendation.id}/updates/new",
                    {"status": "implemented", "text": "Skipping ahead."})
    assert response.status_code == 422  # proposed cannot jump to implemented
    assert "Skipping ahead." in response.get_data(as_text=True)


def test_granting_needs_a_real_organisation_and_only_once(app, make):
    convener, round_, outcome = setting(make, publish=True)
    recommendation = outcome.recommendations[0]
    org = make.organisation("Ministry of Labour")
    db.session.commit()
    client = signed_in(app, convener)
    for value in ("", "0", "abc", "99999"):
        assert post(client, f"/recommendations/{recommendation.id}/rights", {"organisation": value}).status_code == 422
    assert post(client, f"/recommendations/{recommendation.id}/rights", {"organisation": str(org.id)}).status_code == 302
    again = post(client, f"/recommendations/{recommendation.id}/rights", {"organisation": str(org.id)})
    assert again.status_code == 422
    assert "Ministry of Labour may already post updates" in again.get_data(as_text=True)
    revoked = post(client, f"/recommendations/{recommendation.id}/rights/{org.id}/revoke", follow_redirects=True)
    assert "The right to post updates was withdrawn." in revoked.get_data(as_text=True)
