from tests.access import Rule, everyone

RULES = [
    Rule("api.openapi_document", lambda w: "/api/v1/openapi.json", everyone(200)),
    Rule("api.rounds", lambda w: "/api/v1/rounds", everyone(200)),
    Rule("api.round_detail", lambda w: f"/api/v1/rounds/{w.round.slug}", everyone(200)),
    Rule("api.round_detail", lambda w: f"/api/v1/rounds/{w.draft_round.slug}", everyone(404), name="API draft round"),
    Rule("api.round_sessions", lambda w: f"/api/v1/rounds/{w.round.slug}/sessions", everyone(200)),
    Rule("api.round_questions", lambda w: f"/api/v1/rounds/{w.round.slug}/questions", everyone(200)),
    Rule("api.round_submissions", lambda w: f"/api/v1/rounds/{w.round.slug}/submissions", everyone(200)),
    # The API is anonymous by design: an open round's statistics wait for the close for everyone.
    Rule("api.round_statistics", lambda w: f"/api/v1/rounds/{w.round.slug}/statistics", everyone(403)),
    Rule("api.overall_statistics", lambda w: "/api/v1/statistics", everyone(200)),
    Rule("api.submission", lambda w: f"/api/v1/submissions/{w.published.reference}", everyone(200)),
    Rule("api.submission", lambda w: f"/api/v1/submissions/{w.pending.reference}", everyone(404),
         name="API pending submission"),
    Rule("api.search", lambda w: "/api/v1/search?q=recruitment+fees", everyone(200), name="search API"),
    Rule("api.search", lambda w: "/api/v1/search?q=%2Ax", everyone(400), name="search API, unparsable query"),
]

RULES += [
    Rule("api.recommendations", lambda w: "/api/v1/recommendations", everyone(200)),
    Rule("api.recommendation", lambda w: f"/api/v1/recommendations/{w.recommendation.id}", everyone(200)),
    Rule("api.recommendation", lambda w: f"/api/v1/recommendations/{w.draft_recommendation.id}", everyone(404),
         name="API drafted recommendation"),
]
