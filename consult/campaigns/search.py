"""Campaigns in search: which letter stands for its campaign (indexed whole, one hit per
campaign) and which are indexed with their own words only, and what a result shows of its
campaign. Engine-neutral: it decides which documents are written, never how."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select

from consult import db
from consult.campaigns.models import Campaign, CampaignLetter
from consult.campaigns.queries import PublicCampaign, public_campaigns
from consult.submissions.models import Submission


def representatives(campaign_ids: set[int]) -> dict[int, int]:
    """{campaign id: the letter that stands for the campaign in search}: its template
    letter while that is public, else its public letter with the lowest id."""
    if not campaign_ids:
        return {}
    result = {}
    templates = dict(db.session.execute(
        select(Campaign.id, Campaign.template_submission_id).where(Campaign.id.in_(list(campaign_ids)))).all())
    public_templates = set(db.session.scalars(
        select(Submission.id).where(Submission.id.in_([t for t in templates.values() if t]), Submission.public_clause())))
    for campaign_id, template_id in templates.items():
        if template_id in public_templates:
            result[campaign_id] = template_id
    rest = [c for c in campaign_ids if c not in result]
    if rest:
        result.update(db.session.execute(
            select(CampaignLetter.campaign_id, func.min(Submission.id))
            .join(Submission, Submission.id == CampaignLetter.submission_id)
            .where(CampaignLetter.campaign_id.in_(rest), Submission.public_clause())
            .group_by(CampaignLetter.campaign_id)).all())
    return result



# --- search ------------------------------------------------------------------------------------
@dataclass
class SearchRoles:
    """What the search index holds for campaign letters: the letter that stands for its
    campaign is indexed whole (one hit per campaign); every other letter only with its own
    words, so that words found only in a personal addition lead to that letter (and a letter
    without own words is not indexed at all)."""

    refresh: set[int]  # the submissions to (re)index
    own_words: dict[int, str]  # campaign letters indexed with their own words only ("": not indexed)


def search_roles(submission_ids: set[int], *, expand: bool = True) -> SearchRoles:
    """The roles of these submissions in search. With ``expand`` (draining the outbox), the
    letters whose role a change to these may have moved are refreshed too: each campaign's
    template letter, and the letter that stood for it until now (the public letter with the
    lowest id among those not changed), so that a campaign always has exactly one whole document."""
    ids = set(submission_ids)
    campaign_ids = set(db.session.scalars(
        select(CampaignLetter.campaign_id).where(CampaignLetter.submission_id.in_(ids)).distinct())) if ids else set()
    refresh = set(ids)
    if expand and campaign_ids:
        refresh |= set(db.session.scalars(select(Campaign.template_submission_id).where(
            Campaign.id.in_(campaign_ids), Campaign.template_submission_id.is_not(None))))
        refresh |= set(db.session.scalars(
            select(func.min(Submission.id)).join(CampaignLetter, CampaignLetter.submission_id == Submission.id)
            .where(CampaignLetter.campaign_id.in_(campaign_ids), Submission.public_clause(), Submission.id.not_in(ids))
            .group_by(CampaignLetter.campaign_id)))
    standing = set(representatives(campaign_ids).values())
    own_words = dict(db.session.execute(
        select(CampaignLetter.submission_id, CampaignLetter.own_words)
        .where(CampaignLetter.submission_id.in_(refresh - standing))).all()) if refresh - standing else {}
    return SearchRoles(refresh, own_words)


def letters_left_out_of_search() -> int:
    """How many public letters the index leaves out (no own words, not standing for their
    campaign), for the drift check: the index holds the public count minus these."""
    silent = and_(CampaignLetter.own_words == "", Submission.public_clause())
    count = db.session.scalar(select(func.count()).select_from(CampaignLetter)
                              .join(Submission, Submission.id == CampaignLetter.submission_id).where(silent)) or 0
    campaign_ids = set(db.session.scalars(
        select(CampaignLetter.campaign_id).join(Submission, Submission.id == CampaignLetter.submission_id)
        .where(Submission.public_clause()).distinct()))
    standing = list(representatives(campaign_ids).values())
    standing_silent = db.session.scalar(select(func.count()).select_from(CampaignLetter).where(
        CampaignLetter.submission_id.in_(standing), CampaignLetter.own_words == "")) if standing else 0
    return count - (standing_silent or 0)


def search_context(submission_ids: list[int]) -> dict[int, tuple[PublicCampaign, bool]]:
    """For search results: {letter id: (its public campaign, whether the letter stands for
    it)}, so that a campaign is shown as one hit with its count and a personal addition as
    the letter it belongs to. Three queries whatever the number of results."""
    letters = dict(db.session.execute(
        select(CampaignLetter.submission_id, CampaignLetter.campaign_id)
        .where(CampaignLetter.submission_id.in_(submission_ids))).all()) if submission_ids else {}
    if not letters:
        return {}
    found = {p.campaign.id: p for p in public_campaigns(None, campaign_ids=list(set(letters.values())))}
    standing = representatives(set(found))
    return {sid: (found[cid], standing.get(cid) == sid) for sid, cid in letters.items() if cid in found}
