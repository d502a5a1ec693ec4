"""Operations on campaigns a moderator performs: one decision for all the letters awaiting
it, and taking a letter out to decide on it alone.

A campaign decision is the moderation decision applied to each letter through
``moderation.services.decide``: every letter gets its own decision record, audit row,
search refresh and notification, exactly as if it had been decided alone. Only ``flush()``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _, ngettext

from consult import audit, db
from consult.campaigns import queries
from consult.campaigns.models import Campaign, CampaignLetter
from consult.moderation import services as moderation
from consult.submissions.models import Submission
from consult.submissions.states import Action, State
from consult.web import Refused

CAMPAIGN_ACTIONS = (Action.PUBLISH, Action.REJECT)


class CampaignRefused(Refused):
    """Nothing was changed; the message says why, in words for the moderator."""


class StaleCampaignDecision(CampaignRefused):
    """The letters awaiting a decision are no longer those the moderator saw."""

    def __init__(self, message: str):
        super().__init__(message, field="fingerprint")


@dataclass
class CampaignOutcome:
    applied: list[Submission] = field(default_factory=list)
    skipped: list[tuple[Submission, str]] = field(default_factory=list)


def can_moderate(campaign: Campaign, user) -> bool:
    """The round's moderators and conveners, and admins (letters from their own
    organisation are still refused one by one by ``moderation.services.decide``)."""
    return campaign.round.can_moderate(user)


def decide(campaign: Campaign, action: Action, *, actor, expected_fingerprint: str, reason_code: str | None = None,
           message: str | None = None) -> CampaignOutcome:
    """Apply ``action`` to every letter of the campaign awaiting a decision (not taken out,
    no substantial own words), as the moderator saw them (``expected_fingerprint``). A
    letter the decision cannot apply to (personal data to redact first, one's own
    organisation's letter) is skipped with the reason and stays for an individual review."""
    if actor is not None and not can_moderate(campaign, actor):
        raise CampaignRefused(_("You do not moderate the round of this campaign, so you cannot decide on its letters."))
    if action not in CAMPAIGN_ACTIONS:
        raise CampaignRefused(_("A campaign's letters can be published or rejected together; "
                                "for anything else, take a letter out."), field="action")
    if action == Action.REJECT and reason_code not in moderation.rejection_reasons():
        raise CampaignRefused(_("Choose a reason for the rejection from the list."), field="reason_code")
    letters = queries.undecided_letters(campaign)
    if queries.fingerprint(letters) != expected_fingerprint:
        raise StaleCampaignDecision(ngettext(
            "The campaign changed while you were looking at it: %(num)d letter now awaits a decision. "
            "Nothing was applied; check it again.",
            "The campaign changed while you were looking at it: %(num)d letters now await a decision. "
            "Nothing was applied; check it again.", len(letters)))
    if not letters:
        raise CampaignRefused(_("No letter of this campaign awaits a decision."))
    outcome = CampaignOutcome()
    for submission in letters:
        try:
            moderation.decide(submission, action, actor=actor, expected_version=submission.lock_version,
                              reason_code=reason_code, message=message)
        except moderation.DecisionRefused as refusal:
            outcome.skipped.append((submission, refusal.message))
        else:
            outcome.applied.append(submission)
    audit.record(actor, f"campaign_{action.value}", campaign, reason=reason_code,
                 applied=len(outcome.applied), skipped=len(outcome.skipped))
    db.session.flush()
    return outcome


def take_out(letter: CampaignLetter, *, actor) -> None:
    """From now on the letter is decided on alone, like any submission; it stays counted in
    its campaign. Audited on the submission, so its history says why it left the campaign."""
    submission: Submission = letter.submission
    if actor is not None and not moderation.can_decide(submission, actor):
        raise CampaignRefused(_("You are not allowed to decide on this letter."))
    if letter.taken_out:
        raise CampaignRefused(_("This letter was already taken out of its campaign."))
    if submission.state == State.DRAFT:
        raise CampaignRefused(_("A draft cannot be taken out: it has not been sent."))
    letter.taken_out = True
    submission.lock_version += 1  # a campaign decision prepared before this one is now stale
    audit.record(actor, "take_out_of_campaign", submission, campaign_id=letter.campaign_id)
    db.session.flush()
