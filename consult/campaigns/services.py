"""Operations on campaigns a moderator performs: one decision for all the letters awaiting
it, and taking a letter out to decide on it alone.

A campaign decision is the moderation decision applied to each letter through
``moderation.services.decide``: every letter gets its own decision record, audit row,
search refresh and notification, exactly as if it had been decided alone. A request
applies what it has time for; the rest is applied by the next ("Continue"). Only ``flush()``.
"""
from __future__ import annotations

import time

from flask import current_app
from flask_babel import gettext as _, ngettext
from sqlalchemy import insert, select

from consult import audit, db
from consult.db import utcnow
from consult.campaigns import queries
from consult.campaigns.models import Campaign, CampaignDecision, CampaignDecisionLetter, CampaignLetter
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


def can_moderate(campaign: Campaign, user) -> bool:
    """The round's moderators and conveners, and admins (letters from their own
    organisation are still refused one by one by ``moderation.services.decide``)."""
    return campaign.round.can_moderate(user)


def decide(campaign: Campaign, action: Action, *, actor, expected_fingerprint: str, reason_code: str | None = None,
           message: str | None = None) -> CampaignDecision:
    """Decide ``action`` for every letter of the campaign awaiting a decision (not taken out,
    no substantial own words), as the moderator saw them (``expected_fingerprint``), and
    apply it to as many of them as this request has time for (``apply_part``)."""
    if actor is not None and not can_moderate(campaign, actor):
        raise CampaignRefused(_("You do not moderate the round of this campaign, so you cannot decide on its letters."))
    if action not in CAMPAIGN_ACTIONS:
        raise CampaignRefused(_("A campaign's letters can be published or rejected together; "
                                "for anything else, take a letter out."), field="action")
    if action == Action.REJECT and reason_code not in moderation.rejection_reasons():
        raise CampaignRefused(_("Choose a reason for the rejection from the list."), field="reason_code")
    if queries.decision_under_way(campaign) is not None:
        raise CampaignRefused(_("A decision on this campaign's letters is still being applied: let it finish first."))
    letters = queries.awaiting_versions(campaign)
    if queries.fingerprint(letters) != expected_fingerprint:
        raise StaleCampaignDecision(ngettext(
            "The campaign changed while you were looking at it: %(num)d letter now awaits a decision. "
            "Nothing was applied; check it again.",
            "The campaign changed while you were looking at it: %(num)d letters now await a decision. "
            "Nothing was applied; check it again.", len(letters)))
    if not letters:
        raise CampaignRefused(_("No letter of this campaign awaits a decision."))
    decision = CampaignDecision(campaign=campaign, action=action.value, reason_code=reason_code,
                                message=(message or "").strip() or None, actor_id=getattr(actor, "id", None),
                                letters_total=len(letters), applied=0, skipped=0)
    db.session.add(decision)
    db.session.flush()
    db.session.execute(insert(CampaignDecisionLetter.__table__), [
        {"decision_id": decision.id, "submission_id": sid, "lock_version": version, "done": False}
        for sid, version in letters])
    audit.record(actor, f"campaign_{action.value}", campaign, reason=reason_code, letters=len(letters))
    apply_part(decision, actor=actor)
    return decision


# Letters loaded and decided between two checks of the time.
PART = 100


def apply_part(decision: CampaignDecision, *, actor) -> None:
    """Apply the decision to the letters it has not reached yet, a hundred at a time, until
    ``CAMPAIGN_DECISION_SECONDS`` have passed or none is left (the decision is then
    finished). Each letter goes through ``moderation.services.decide``: its own decision
    record, audit row, search refresh and notification, as if decided alone. A letter the
    decision cannot apply to (personal data to redact first, one's own organisation's
    letter, changed since) is skipped with the reason and stays for an individual review."""
    if actor is not None and not can_moderate(decision.campaign, actor):
        raise CampaignRefused(_("You do not moderate the round of this campaign, so you cannot decide on its letters."))
    # One request at a time applies a decision: a second waits here, then takes the next letters.
    db.session.execute(select(CampaignDecision.id).where(CampaignDecision.id == decision.id).with_for_update())
    db.session.refresh(decision)
    if decision.finished_at is not None:
        raise CampaignRefused(_("This decision has been applied to every letter it covers."))
    deadline = time.monotonic() + current_app.config["CAMPAIGN_DECISION_SECONDS"]
    action = Action(decision.action)
    while rows := queries.next_letters(decision, PART):
        for row in rows:
            try:
                moderation.decide(row.submission, action, actor=actor, expected_version=row.lock_version,
                                  reason_code=decision.reason_code, message=decision.message)
            except moderation.DecisionRefused as refusal:
                row.skipped_because = refusal.message
                decision.skipped += 1
            else:
                decision.applied += 1
            row.done = True
        db.session.flush()
        if decision.done < decision.letters_total and time.monotonic() >= deadline:
            return
    decision.finished_at = utcnow()
    db.session.flush()


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
