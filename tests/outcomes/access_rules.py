"""Who may see and do what with outcomes. ``w.closed_round`` has a drafted outcome,
``w.concluded_round`` a published one whose recommendation org_a (member_a) may report on;
``w.round`` is still open. The convener of the matrix convenes all three."""
from tests.access import LOGIN, Rule, everyone, expect

CONVENERS = dict(convener=200, admin=200)


def forbidden_but(**allowed):
    return expect(403, anonymous=LOGIN, **allowed)


RULES = [
    # --- public pages -------------------------------------------------------------------
    Rule("outcomes.outcome", lambda w: f"/rounds/{w.concluded_round.slug}/outcome", everyone(200),
         name="published outcome"),
    Rule("outcomes.outcome", lambda w: f"/rounds/{w.closed_round.slug}/outcome", expect(404, **CONVENERS),
         name="draft outcome: its conveners only"),
    Rule("outcomes.outcome", lambda w: f"/rounds/{w.round.slug}/outcome", expect(404, **CONVENERS),
         name="no outcome yet: its conveners see the page"),
    Rule("outcomes.outcome", lambda w: f"/rounds/{w.draft_round.slug}/outcome", expect(404, **CONVENERS),
         name="outcome of a draft round"),
    Rule("outcomes.recommendation", lambda w: f"/recommendations/{w.recommendation.id}", everyone(200),
         name="published recommendation"),
    Rule("outcomes.recommendation", lambda w: f"/recommendations/{w.draft_recommendation.id}",
         expect(404, **CONVENERS), name="drafted recommendation"),
    Rule("outcomes.recommendation", lambda w: "/recommendations/999999", everyone(404), name="no such recommendation"),
    Rule("outcomes.register", lambda w: "/recommendations?status=proposed&level=national&theme=x&year=2026&page=2",
         everyone(200)),
    Rule("outcomes.register_export", lambda w: "/recommendations/export.csv", everyone(200)),
    Rule("outcomes.register_export", lambda w: "/recommendations/export.json?status=accepted", everyone(200),
         name="register export JSON"),
    Rule("outcomes.register_export", lambda w: "/recommendations/export.xml", everyone(404),
         name="register export unknown format"),

    # --- conveners write the outcome --------------------------------------------------------
    Rule("outcomes.edit_syntheses", lambda w: f"/rounds/{w.closed_round.slug}/outcome/edit",
         forbidden_but(**CONVENERS), name="session summaries form"),
    Rule("outcomes.edit_syntheses", lambda w: f"/rounds/{w.round.slug}/outcome/edit",
         forbidden_but(), name="session summaries of an open round: nobody yet"),
    Rule("outcomes.edit_syntheses", lambda w: f"/rounds/{w.closed_round.slug}/outcome/edit",
         forbidden_but(convener=422, admin=422), method="POST", data=lambda w: {}, name="save summaries without CSRF"),
    Rule("outcomes.new_recommendation", lambda w: f"/rounds/{w.closed_round.slug}/outcome/recommendations/new",
         forbidden_but(**CONVENERS), name="new recommendation form"),
    Rule("outcomes.new_recommendation", lambda w: f"/rounds/{w.closed_round.slug}/outcome/recommendations/new",
         forbidden_but(convener=422, admin=422), method="POST", data=lambda w: {"text": "x"},
         name="add recommendation without CSRF"),
    Rule("outcomes.edit_recommendation", lambda w: f"/recommendations/{w.draft_recommendation.id}/edit",
         expect(404, anonymous=LOGIN, **CONVENERS), name="edit a drafted recommendation"),
    Rule("outcomes.edit_recommendation", lambda w: f"/recommendations/{w.recommendation.id}/edit",
         forbidden_but(**CONVENERS), name="edit a published recommendation"),
    Rule("outcomes.edit_recommendation", lambda w: f"/recommendations/{w.recommendation.id}/edit",
         forbidden_but(convener=422, admin=422), method="POST", data=lambda w: {"text": "x"},
         name="save a recommendation without CSRF"),
    Rule("outcomes.delete_recommendation", lambda w: f"/recommendations/{w.draft_recommendation.id}/delete",
         expect(404, anonymous=LOGIN, convener=400, admin=400), method="POST", name="delete a drafted recommendation"),
    Rule("outcomes.delete_recommendation", lambda w: f"/recommendations/{w.recommendation.id}/delete",
         forbidden_but(), method="POST", name="a published recommendation is never deleted"),
    Rule("outcomes.publish", lambda w: f"/rounds/{w.closed_round.slug}/outcome/publish",
         forbidden_but(convener=400, admin=400), method="POST"),
    Rule("outcomes.forward", lambda w: f"/rounds/{w.concluded_round.slug}/outcome/forward",
         forbidden_but(convener=400, admin=400), method="POST"),

    # --- follow-up ----------------------------------------------------------------------
    Rule("outcomes.new_update", lambda w: f"/recommendations/{w.recommendation.id}/updates/new",
         forbidden_but(member_a=200, **CONVENERS), name="update form: conveners and the addressee's members"),
    Rule("outcomes.new_update", lambda w: f"/recommendations/{w.recommendation.id}/updates/new",
         forbidden_but(member_a=422, convener=422, admin=422), method="POST", data=lambda w: {"text": "x"},
         name="post an update without CSRF"),
    Rule("outcomes.new_update", lambda w: f"/recommendations/{w.draft_recommendation.id}/updates/new",
         expect(404, anonymous=LOGIN, convener=403, admin=403), name="no follow-up before publication"),
    Rule("outcomes.rights", lambda w: f"/recommendations/{w.recommendation.id}/rights", forbidden_but(**CONVENERS)),
    Rule("outcomes.rights", lambda w: f"/recommendations/{w.recommendation.id}/rights",
         forbidden_but(convener=422, admin=422), method="POST", data=lambda w: {"organisation": str(w.org_b.id)},
         name="grant a right without CSRF"),
    Rule("outcomes.revoke_right", lambda w: f"/recommendations/{w.recommendation.id}/rights/{w.org_a.id}/revoke",
         forbidden_but(convener=400, admin=400), method="POST"),
]
