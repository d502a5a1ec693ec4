"""Who may reach the convener pages. Anonymous visitors are sent to log in; people who do
not run the round get 403 before any form is read (404 for a draft they may not see). POSTs from the round's conveners carry
no CSRF token here: forms re-render with 422, buttons are refused with 400."""
from tests.access import LOGIN, Rule, expect

RUNNER_ONLY = expect(403, anonymous=LOGIN, convener=200, admin=200)
RUNNER_FORM_POST = expect(403, anonymous=LOGIN, convener=422, admin=422)
RUNNER_BUTTON_POST = expect(403, anonymous=LOGIN, convener=400, admin=400)
OTHER_ROUND = expect(403, anonymous=LOGIN, admin=200)  # the convener does not run it
# A draft is not admitted to exist for anyone who may not see it: 404, as for a missing round.
RUNNER_ONLY_DRAFT = expect(404, anonymous=LOGIN, convener=200, admin=200)


def base(w, round_=None):
    return f"/my-rounds/{(round_ or w.round).slug}"


def first_session(w):
    return w.round.sessions[0].id


def first_question(w):
    return w.round.questions[0].id


RULES = [
    Rule("rounds.dashboard", lambda w: "/my-rounds/", RUNNER_ONLY),
    Rule("rounds.create", lambda w: "/my-rounds/new", RUNNER_ONLY),
    Rule("rounds.create", lambda w: "/my-rounds/new", RUNNER_FORM_POST, method="POST", name="POST rounds.create"),
    Rule("rounds.manage", base, RUNNER_ONLY),
    Rule("rounds.manage", lambda w: base(w, w.draft_round), RUNNER_ONLY_DRAFT, name="manage a draft"),
    Rule("rounds.manage", lambda w: base(w, w.other_round), OTHER_ROUND, name="another convener's round"),
    Rule("rounds.edit", lambda w: f"{base(w)}/edit", RUNNER_ONLY),
    Rule("rounds.edit", lambda w: f"{base(w, w.other_round)}/edit", OTHER_ROUND, name="edit another convener's round"),
    Rule("rounds.edit", lambda w: f"{base(w)}/edit", RUNNER_FORM_POST, method="POST", name="POST rounds.edit"),
    Rule("rounds.session_form", lambda w: f"{base(w)}/sessions/new", RUNNER_ONLY),
    Rule("rounds.session_form", lambda w: f"{base(w)}/sessions/{first_session(w)}/edit", RUNNER_ONLY,
         name="edit a session"),
    Rule("rounds.session_form", lambda w: f"{base(w)}/sessions/new", RUNNER_FORM_POST, method="POST",
         name="POST rounds.session_form"),
    Rule("rounds.question_form", lambda w: f"{base(w)}/questions/new", RUNNER_ONLY),
    Rule("rounds.question_form", lambda w: f"{base(w)}/questions/{first_question(w)}/edit", RUNNER_ONLY,
         name="edit a question"),
    Rule("rounds.question_form", lambda w: f"{base(w)}/questions/{first_question(w)}/edit", RUNNER_FORM_POST,
         method="POST", name="POST rounds.question_form"),
    Rule("rounds.delete_item", lambda w: f"{base(w)}/questions/{first_question(w)}/delete", RUNNER_BUTTON_POST,
         method="POST"),
    Rule("rounds.move_item", lambda w: f"{base(w)}/sessions/{first_session(w)}/move", RUNNER_BUTTON_POST,
         method="POST"),
    Rule("rounds.reorder", lambda w: f"{base(w)}/questions/order", RUNNER_FORM_POST, method="POST"),
    Rule("rounds.lifecycle", lambda w: f"{base(w)}/extend", RUNNER_ONLY),
    Rule("rounds.lifecycle", lambda w: f"{base(w, w.draft_round)}/publish", RUNNER_ONLY_DRAFT, name="publish page"),
    Rule("rounds.lifecycle", lambda w: f"{base(w)}/close", RUNNER_FORM_POST, method="POST",
         name="POST rounds.lifecycle"),
    Rule("rounds.lifecycle", lambda w: f"{base(w, w.other_round)}/close", OTHER_ROUND | {"admin": 422},
         method="POST", name="close another convener's round"),
    Rule("rounds.add_moderator", lambda w: f"{base(w)}/moderators", RUNNER_FORM_POST, method="POST"),
    Rule("rounds.remove_moderator", lambda w: f"{base(w)}/moderators/{w.users['moderator'].id}/remove",
         RUNNER_BUTTON_POST, method="POST"),
]

RULES += [
    # Without a CSRF token nothing is stored; the convener is sent back with a message.
    Rule("round_documents.upload", lambda w: base(w) + "/documents", expect(403, anonymous=LOGIN, convener=302, admin=302),
         method="POST"),
    Rule("round_documents.upload", lambda w: base(w, w.other_round) + "/documents",
         expect(403, anonymous=LOGIN, admin=302), method="POST", name="upload to another convener's round"),
    Rule("round_documents.remove", lambda w: base(w) + f"/documents/{w.round_document.id}/remove",
         expect(403, anonymous=LOGIN, convener=302, admin=302), method="POST"),
    Rule("round_documents.download", lambda w: f"/rounds/{w.round.slug}/documents/{w.round_document.id}",
         expect(200)),
    Rule("round_documents.download", lambda w: f"/rounds/{w.draft_round.slug}/documents/{w.draft_document.id}",
         expect(404, convener=200, admin=200), name="document of a draft round"),
]
