"""Who may use the campaign pages: a campaign's moderation pages are its round's deciders';
a campaign with public letters is public."""
from tests.access import LOGIN, Rule, everyone, expect
from tests.moderation.access_rules import DECIDERS_ONLY, DECIDERS_POST_400, DECIDERS_POST_422

RULES = [
    Rule("campaigns.moderate", lambda w: f"/moderation/campaigns/{w.campaign.id}", DECIDERS_ONLY),
    Rule("campaigns.moderate", lambda w: f"/moderation/campaigns/{w.other_campaign.id}",
         expect(403, anonymous=LOGIN, admin=200), name="campaign of a round one does not moderate"),
    Rule("campaigns.decide", lambda w: f"/moderation/campaigns/{w.campaign.id}/decision", DECIDERS_POST_422,
         method="POST", data=lambda w: {"action": "publish", "fingerprint": "x"}),
    Rule("campaigns.decide", lambda w: f"/moderation/campaigns/{w.other_campaign.id}/decision",
         expect(403, anonymous=LOGIN, admin=422), method="POST", data=lambda w: {"action": "publish"},
         name="deciding a campaign of a round one does not moderate"),
    Rule("campaigns.continue_decision", lambda w: f"/moderation/campaign-decisions/{w.decision_under_way.id}/continue",
         DECIDERS_POST_400, method="POST"),
    Rule("campaigns.continue_decision", lambda w: f"/moderation/campaign-decisions/{w.other_decision.id}/continue",
         expect(403, anonymous=LOGIN, admin=400), method="POST",
         name="continuing a decision in a round one does not moderate"),
    Rule("campaigns.take_out", lambda w: f"/moderation/campaign-letters/{w.campaign.template_submission_id}/take-out",
         DECIDERS_POST_400, method="POST"),
    Rule("campaigns.public_campaign", lambda w: f"/rounds/{w.round.slug}/campaigns/{w.public_campaign.number}",
         everyone(200)),
    Rule("campaigns.public_campaign", lambda w: f"/rounds/{w.round.slug}/campaigns/{w.campaign.number}",
         everyone(404), name="campaign without public letters"),
]
