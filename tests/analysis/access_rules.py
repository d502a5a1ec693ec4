"""Who may use the analysis pages (codebook, tagging, publication). ``w.round`` has an
unpublished codebook; its analysts are its moderator and its convener (and admins). Only
conveners edit the codebook. ``w.concluded_round``'s analysis is published with its outcome:
everyone reads it. ``w.other_theme`` belongs to another round's codebook."""
from tests.access import LOGIN, Rule, everyone, expect

ANALYSTS = dict(moderator=200, convener=200, admin=200)
CONVENERS = dict(convener=200, admin=200)


def refused_but(**allowed):
    return expect(403, anonymous=LOGIN, **allowed)


def base(w, round_=None) -> str:
    return f"/rounds/{(round_ or w.round).slug}/analysis"


RULES = [
    # --- the home page ------------------------------------------------------------------
    Rule("analysis.home", lambda w: base(w), refused_but(**ANALYSTS), name="analysis home: analysts"),
    Rule("analysis.home", lambda w: base(w, w.concluded_round), everyone(200),
         name="analysis home published with the outcome: everyone"),
    Rule("analysis.home", lambda w: base(w, w.unanalysed_round), refused_but(**CONVENERS),
         name="analysis home without codebook: its conveners"),
    Rule("analysis.home", lambda w: base(w, w.draft_round), expect(404, anonymous=LOGIN, **CONVENERS),
         name="analysis home of a draft round"),
    Rule("analysis.home", lambda w: "/rounds/no-such-round/analysis", expect(404, anonymous=LOGIN),
         name="analysis home of no round"),
    Rule("analysis.start", lambda w: base(w, w.unanalysed_round) + "/start", refused_but(convener=302, admin=302),
         method="POST", data=lambda w: {"origin": "library"}, name="start a codebook without CSRF: back home"),
    # --- the codebook: conveners only -------------------------------------------------------
    Rule("analysis.library", lambda w: base(w) + "/library", refused_but(**CONVENERS)),
    Rule("analysis.library", lambda w: base(w, w.unanalysed_round) + "/library",
         expect(403, anonymous=LOGIN, convener=404, admin=404), name="library before the codebook is started"),
    Rule("analysis.library", lambda w: base(w) + "/library", refused_but(convener=422, admin=422), method="POST",
         data=lambda w: {"themes": "gcm-6"}, name="add library themes without CSRF"),
    Rule("analysis.new_theme", lambda w: base(w) + "/themes/new", refused_but(**CONVENERS)),
    Rule("analysis.new_theme", lambda w: base(w) + "/themes/new", refused_but(convener=422, admin=422),
         method="POST", data=lambda w: {"title": "x"}, name="add a theme without CSRF"),
    Rule("analysis.edit_theme", lambda w: base(w) + f"/themes/{w.theme.id}/edit", refused_but(**CONVENERS)),
    Rule("analysis.edit_theme", lambda w: base(w) + f"/themes/{w.other_theme.id}/edit",
         expect(403, anonymous=LOGIN, convener=404, admin=404), name="edit another round's theme"),
    Rule("analysis.edit_theme", lambda w: base(w) + f"/themes/{w.theme.id}/edit", refused_but(convener=422, admin=422),
         method="POST", data=lambda w: {"title": "x"}, name="save a theme without CSRF"),
    Rule("analysis.move_theme", lambda w: base(w) + f"/themes/{w.sub_theme.id}/up",
         refused_but(convener=400, admin=400), method="POST"),
    Rule("analysis.remove_theme", lambda w: base(w) + f"/themes/{w.sub_theme.id}/remove",
         refused_but(convener=400, admin=400), method="POST"),
    # --- reading themes -------------------------------------------------------------------
    Rule("analysis.theme", lambda w: base(w) + f"/themes/{w.theme.id}", refused_but(**ANALYSTS)),
    Rule("analysis.theme", lambda w: base(w) + f"/themes/{w.other_theme.id}",
         expect(404, anonymous=LOGIN, member_a=403, member_b=403), name="another round's theme"),
    Rule("analysis.theme", lambda w: base(w, w.concluded_round) + f"/themes/{w.public_theme.id}", everyone(200),
         name="a theme of a published analysis"),
    Rule("analysis.untagged", lambda w: base(w) + "/untagged?page=2", refused_but(**ANALYSTS)),
    # --- tagging --------------------------------------------------------------------------
    Rule("analysis.submission", lambda w: base(w) + f"/submissions/{w.published.id}", refused_but(**ANALYSTS)),
    Rule("analysis.submission", lambda w: base(w) + f"/submissions/{w.draft.id}",
         expect(404, anonymous=LOGIN, member_a=403, member_b=403), name="analysis page of a draft"),
    Rule("analysis.submission", lambda w: base(w, w.other_round) + f"/submissions/{w.published.id}",
         expect(403, anonymous=LOGIN, admin=404), name="a submission under another round's address"),
    Rule("analysis.submission", lambda w: base(w) + f"/submissions/{w.published.id}",
         refused_but(moderator=422, convener=422, admin=422), method="POST",
         data=lambda w: {"theme": str(w.theme.id), "part": "", "stance": "supports"}, name="tag without CSRF"),
    Rule("analysis.edit_tag", lambda w: base(w) + f"/tags/{w.tag.id}/edit", refused_but(**ANALYSTS)),
    Rule("analysis.edit_tag", lambda w: base(w) + f"/tags/{w.tag.id}/edit",
         refused_but(moderator=422, convener=422, admin=422), method="POST",
         data=lambda w: {"theme": str(w.theme.id), "stance": "opposes"}, name="edit a tag without CSRF"),
    Rule("analysis.edit_tag", lambda w: base(w, w.concluded_round) + f"/tags/{w.tag.id}/edit",
         expect(403, anonymous=LOGIN, convener=404, admin=404), name="a tag under another round's address"),
    Rule("analysis.remove_tag", lambda w: base(w) + f"/tags/{w.tag.id}/remove",
         refused_but(moderator=400, convener=400, admin=400), method="POST"),
    # --- publication ----------------------------------------------------------------------
    Rule("analysis.publication", lambda w: base(w) + "/publish", refused_but(convener=400, admin=400), method="POST"),
    Rule("analysis.publication", lambda w: base(w, w.concluded_round) + "/withdraw",
         refused_but(convener=400, admin=400), method="POST", name="withdraw a published analysis without CSRF"),
]

