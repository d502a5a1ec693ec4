"""Who may use the moderation pages. Deciders: the round's moderator, its convener, admins;
never members of the submitting organisation (member_a owns every World submission)."""
from tests.access import LOGIN, Rule, everyone, expect

DECIDERS_ONLY = expect(403, anonymous=LOGIN, moderator=200, convener=200, admin=200)
# POSTs carry no CSRF token in the matrix: permitted people get the form back (422) or a 400.
DECIDERS_POST_422 = expect(403, anonymous=LOGIN, moderator=422, convener=422, admin=422)
DECIDERS_POST_400 = expect(403, anonymous=LOGIN, moderator=400, convener=400, admin=400)

RULES = [
    Rule("moderation.index", lambda w: "/moderation/", DECIDERS_ONLY),
    Rule("moderation.round_queue", lambda w: f"/moderation/rounds/{w.round.slug}", DECIDERS_ONLY),
    Rule("moderation.round_queue", lambda w: f"/moderation/rounds/{w.draft_round.slug}",
         expect(403, anonymous=LOGIN, convener=200, admin=200), name="draft round queue: conveners"),
    Rule("moderation.round_queue", lambda w: "/moderation/rounds/no-such-round",
         expect(404, anonymous=LOGIN), name="unknown round queue"),
    Rule("moderation.review", lambda w: f"/moderation/submissions/{w.pending.id}", DECIDERS_ONLY),
    Rule("moderation.review", lambda w: f"/moderation/submissions/{w.draft.id}",
         expect(403, anonymous=LOGIN), name="review of a draft: nobody"),
    Rule("moderation.decide", lambda w: f"/moderation/submissions/{w.pending.id}/decision", DECIDERS_POST_422,
         method="POST", data=lambda w: {"action": "publish", "lock_version": str(w.pending.lock_version)}),
    Rule("moderation.redact", lambda w: f"/moderation/submissions/{w.pending.id}/redactions", DECIDERS_POST_422,
         method="POST", data=lambda w: {"field": "title", "passage": "fees", "reason": "personal_data"}),
    Rule("moderation.remove_redaction", lambda w: f"/moderation/redactions/{w.redaction.id}/remove",
         DECIDERS_POST_400, method="POST"),
    Rule("moderation.withhold_attachment", lambda w: f"/moderation/attachments/{w.pending_file.id}/withhold",
         DECIDERS_POST_422, method="POST"),
    Rule("moderation.release_attachment", lambda w: f"/moderation/attachments/{w.pending_file.id}/release",
         DECIDERS_POST_400, method="POST"),
    Rule("moderation.upload_redacted_file", lambda w: f"/moderation/attachments/{w.pending_file.id}/redacted-file",
         DECIDERS_POST_422, method="POST"),
    Rule("moderation.remove_redacted_file",
         lambda w: f"/moderation/attachments/{w.pending_file.id}/redacted-file/remove", DECIDERS_POST_400, method="POST"),
    Rule("moderation.download_redacted_file", lambda w: f"/moderation/attachments/{w.pending_file.id}/redacted-file",
         expect(403, anonymous=LOGIN, moderator=404, convener=404, admin=404),
         name="redacted version of a file that has none"),
    Rule("moderation.dismiss_report", lambda w: f"/moderation/reports/{w.report.id}/dismiss",
         DECIDERS_POST_400, method="POST"),
    Rule("moderation.bulk", lambda w: f"/moderation/bulk?items={w.pending.id}:{w.pending.lock_version}&action=publish",
         DECIDERS_ONLY, name="bulk confirmation page"),
    Rule("moderation.bulk", lambda w: "/moderation/bulk", DECIDERS_POST_422, method="POST",
         data=lambda w: {"items": f"{w.pending.id}:{w.pending.lock_version}", "action": "publish"},
         name="bulk apply"),
    Rule("moderation.report", lambda w: f"/submissions/{w.published.reference}/report", everyone(200)),
    Rule("moderation.report", lambda w: f"/submissions/{w.published.reference}/report", everyone(422),
         method="POST", data=lambda w: {"reason": "spam"}, name="report without CSRF token"),
    Rule("moderation.report", lambda w: f"/submissions/{w.pending.reference}/report", everyone(404),
         name="report an unpublished submission"),
    Rule("moderation.contest", lambda w: f"/moderation/submissions/{w.rejected.id}/contest",
         expect(403, anonymous=LOGIN, member_a=200)),
    Rule("moderation.contest", lambda w: f"/moderation/submissions/{w.rejected.id}/contest",
         expect(403, anonymous=LOGIN, member_a=422), method="POST", data=lambda w: {"message": "Please"},
         name="contest without CSRF token"),
    Rule("moderation.contest", lambda w: f"/moderation/submissions/{w.published.id}/contest",
         expect(403, anonymous=LOGIN), name="contest a published submission"),
    Rule("moderation.summary", lambda w: f"/rounds/{w.round.slug}/moderation", everyone(200)),
    Rule("moderation.summary", lambda w: f"/rounds/{w.draft_round.slug}/moderation",
         expect(404, convener=200, admin=200), name="summary of a draft round"),
]
