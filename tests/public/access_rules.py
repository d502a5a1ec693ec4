from tests.access import Rule, everyone, expect

RULES = [
    Rule("public.home", lambda w: "/", everyone(200)),
    Rule("public.round_detail", lambda w: f"/rounds/{w.round.slug}", everyone(200), name="published round"),
    Rule("public.round_detail", lambda w: f"/rounds/{w.draft_round.slug}",
         expect(404, convener=200, admin=200), name="draft round: its conveners only"),
    Rule("public.submission_detail", lambda w: f"/submissions/{w.published.reference}", everyone(200),
         name="published submission"),
    Rule("public.submission_detail", lambda w: f"/submissions/{w.pending.reference}",
         expect(404, member_a=200, moderator=200, convener=200, admin=200), name="pending submission"),
    Rule("static", lambda w: "/static/css/consult.css", everyone(200)),
]

RULES += [
    Rule("public.round_index", lambda w: "/rounds?level=national&state=open&year=2026&page=1", everyone(200)),
]

RULES += [
    # w.round is open: its statistics are for its conveners (and admins) until it closes.
    Rule("public.round_statistics", lambda w: f"/rounds/{w.round.slug}/statistics",
         expect(403, convener=200, admin=200), name="statistics of an open round"),
    Rule("public.overall_statistics", lambda w: "/statistics", everyone(200)),
]

RULES += [
    Rule("public.round_export", lambda w: f"/rounds/{w.round.slug}/export.csv", everyone(200)),
    Rule("public.round_export", lambda w: f"/rounds/{w.draft_round.slug}/export.json", everyone(404),
         name="export of a draft round"),
    Rule("public.data_dictionary", lambda w: "/open-data", everyone(200)),
    Rule("public.feed", lambda w: "/feeds/submissions.xml", everyone(200)),
    Rule("public.feed", lambda w: f"/rounds/{w.round.slug}/feed.xml", everyone(200), name="round feed"),
]

RULES += [
    Rule("public.round_print", lambda w: f"/rounds/{w.round.slug}/print", everyone(200)),
]
