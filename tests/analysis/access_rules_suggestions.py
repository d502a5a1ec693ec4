"""Who may see suggestions and the first-read overview, and confirm or dismiss a suggestion:
the round's analysts (its conveners and moderators; admins), nobody else. The themes and
tags these pages need are made once per world, on first use (the analysis' own rows are not
part of the shared world)."""
from consult import db
from tests.access import LOGIN, Rule, expect
from tests.analysis import suggestion_factories as analysis

ANALYSTS = dict(moderator=200, convener=200, admin=200)


def themes(w):
    """The open round's theme with three tagged examples, a theme of another round and one of
    the draft round, made once for the world."""
    if not hasattr(w, "fees_theme"):
        w.fees_theme = analysis.theme(w.round, "Recruitment fees")
        for submission in (w.published, w.pending):
            analysis.tag(w.fees_theme, submission)
        analysis.tag(w.fees_theme, w.published, "Fees push workers into debt.", part="summary")
        w.foreign_theme = analysis.theme(w.other_round, "Recruitment fees elsewhere")
        w.draft_theme = analysis.theme(w.draft_round, "Themes of a draft round")
        db.session.commit()
    return w


def suggestions_url(w, theme_of=lambda w: w.fees_theme, slug_of=lambda w: w.round.slug):
    w = themes(w)
    return f"/rounds/{slug_of(w)}/analysis/themes/{theme_of(w).id}/suggestions"


RULES = [
    Rule("analysis_suggestions.suggestions", suggestions_url, expect(403, anonymous=LOGIN, **ANALYSTS),
         name="suggestions for a theme: the round's analysts"),
    Rule("analysis_suggestions.suggestions", lambda w: suggestions_url(w, lambda w: w.foreign_theme),
         expect(403, anonymous=LOGIN, moderator=404, convener=404, admin=404),
         name="another round's theme under this round's address"),
    Rule("analysis_suggestions.suggestions",
         lambda w: suggestions_url(w, lambda w: w.draft_theme, lambda w: w.draft_round.slug),
         expect(404, anonymous=LOGIN, convener=200, admin=200), name="suggestions in a draft round"),
    Rule("analysis_suggestions.decide", suggestions_url,
         expect(403, anonymous=LOGIN, moderator=422, convener=422, admin=422), method="POST",
         data=lambda w: {"submission": str(w.pending.id), "part": "summary",
                         "passage": "Fees push workers into debt.", "decision": "confirm"},
         name="confirm a suggestion without CSRF"),
    Rule("analysis_suggestions.overview", lambda w: f"/rounds/{themes(w).round.slug}/analysis/overview",
         expect(403, anonymous=LOGIN, **ANALYSTS), name="first-read overview"),
    Rule("analysis_suggestions.overview", lambda w: f"/rounds/{themes(w).draft_round.slug}/analysis/overview",
         expect(404, anonymous=LOGIN, convener=200, admin=200), name="overview of a draft round"),
]
