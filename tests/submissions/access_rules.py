"""Who may reach the organisation's submission pages. Only members of the submitting
organisation edit, send, withdraw or read receipts — not moderators, conveners or admins,
who have their own pages. POSTs carry no CSRF token here: a member is refused by the form
(400/422), everyone else with 403 before the form is read."""
from tests.access import LOGIN, Rule, expect

MEMBERS_ONLY = expect(403, anonymous=LOGIN, member_a=200)

RULES = [
    Rule("submissions.dashboard", lambda w: "/my/submissions", expect(200, anonymous=LOGIN)),
    Rule("submissions.start", lambda w: f"/rounds/{w.round.slug}/start", expect(200, anonymous=LOGIN)),
    Rule("submissions.start", lambda w: f"/rounds/{w.draft_round.slug}/start",
         expect(404, anonymous=LOGIN, convener=200, admin=200), name="start in a draft round"),
    Rule("submissions.start", lambda w: f"/rounds/{w.round.slug}/start",
         expect(403, anonymous=LOGIN, member_a=422), method="POST",
         data=lambda w: {"organisation_id": w.org_a.id}, name="POST start for organisation A"),
    Rule("submissions.start_as_myself", lambda w: f"/rounds/{w.other_round.slug}/start/myself",
         expect(422, anonymous=LOGIN), method="POST", data=lambda w: {"country": "LB"},
         name="POST send as myself (an organisations' round: refused with a message)"),
    Rule("submissions.start_as_myself", lambda w: f"/rounds/{w.draft_round.slug}/start/myself",
         expect(404, anonymous=LOGIN, convener=422, admin=422), method="POST", data=lambda w: {"country": "LB"},
         name="POST send as myself in a draft round"),
    Rule("submissions.edit", lambda w: f"/my/submissions/{w.draft.reference}", MEMBERS_ONLY, name="edit a draft"),
    Rule("submissions.edit", lambda w: f"/my/submissions/{w.published.reference}", MEMBERS_ONLY,
         name="edit a published submission"),
    Rule("submissions.edit", lambda w: f"/my/submissions/{w.draft.reference}",
         expect(403, anonymous=LOGIN, member_a=422), method="POST", name="POST the form of a draft"),
    # A JSON endpoint: anonymous gets 401 JSON (the script keeps the text), not a redirect.
    Rule("submissions.autosave", lambda w: f"/my/submissions/{w.draft.reference}/autosave",
         expect(403, anonymous=401, member_a=400), method="POST", name="autosave a draft"),
    Rule("submissions.autosave", lambda w: f"/my/submissions/{w.pending.reference}/autosave",
         expect(403, anonymous=401, member_a=409), method="POST", name="autosave a sent text"),
    Rule("submissions.withdraw", lambda w: f"/my/submissions/{w.pending.reference}/withdraw", MEMBERS_ONLY),
    Rule("submissions.withdraw", lambda w: f"/my/submissions/{w.pending.reference}/withdraw",
         expect(403, anonymous=LOGIN, member_a=422), method="POST", name="POST withdraw"),
    Rule("submissions.receipt", lambda w: f"/my/submissions/{w.pending.reference}/receipt", MEMBERS_ONLY),
    Rule("submissions.receipt", lambda w: f"/my/submissions/{w.draft.reference}/receipt",
         expect(403, anonymous=LOGIN, member_a=404), name="receipt of a draft (none yet)"),
    Rule("submissions.print_version", lambda w: f"/my/submissions/{w.pending.reference}/versions/1", MEMBERS_ONLY),
    # Only a file a moderator asked to replace, while changes are requested: none here.
    Rule("submissions.replace_attachment",
         lambda w: f"/my/submissions/{w.pending.reference}/attachments/{w.pending_file.id}/replace",
         expect(403, anonymous=LOGIN), method="POST", name="replace a file nobody asked to replace"),
    Rule("submissions.download", lambda w: f"/attachments/{w.published_file.id}", expect(200),
         name="attachment of a published submission"),
    Rule("submissions.download", lambda w: f"/attachments/{w.pending_file.id}",
         expect(404, member_a=200, moderator=200, convener=200, admin=200),
         name="attachment of a submission awaiting review"),
]
