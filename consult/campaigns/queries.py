"""Read helpers for campaigns: the moderation queue's campaign rows, a campaign's letters,
and what the public sees of a campaign (counted over public letters only)."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import Select, and_, case, exists, false, func, or_, select
from sqlalchemy.orm import selectinload

from consult import db
from consult.campaigns.models import Campaign, CampaignDecision, CampaignDecisionLetter, CampaignLetter
from consult.organisations.models import Membership, Organisation, StakeholderGroup
from consult.rounds.models import Round, RoundSession
from consult.submissions import queries as submission_queries
from consult.submissions.models import Consent, Submission
from consult.submissions.public_text import redact
from consult.submissions.states import State

LETTERS_PAGE = 50
QUEUE_CAMPAIGNS = 50  # campaign rows at the top of a queue page, those waiting most first


# --- which letters are decided with their campaign -------------------------------------------
def _grouped_letter():
    return and_(CampaignLetter.taken_out.is_(false()), CampaignLetter.own_words_substantial.is_(false()))


def grouped_clause():
    """SQL on Submission: a letter decided with its campaign (not taken out, no substantial
    own words). The queue shows such letters only as their campaign's row."""
    return exists().where(CampaignLetter.submission_id == Submission.id, _grouped_letter())


def outside_campaigns_clause():
    """SQL on Submission: input in no campaign (public lists show campaigns once, apart)."""
    return ~exists().where(CampaignLetter.submission_id == Submission.id)


def letter_of(submission: Submission) -> CampaignLetter | None:
    return db.session.get(CampaignLetter, submission.id)


# --- moderation --------------------------------------------------------------------------------
@dataclass
class CampaignRow:
    campaign: Campaign
    by_state: Counter = field(default_factory=Counter)  # letters decided with the campaign, by state
    letters: int = 0  # every letter sent (drafts aside)
    with_own_words: int = 0
    individual: int = 0  # taken out or with substantial own words: reviewed one by one

    @property
    def undecided(self) -> int:
        return self.by_state[State.SUBMITTED]


def campaign_rows(campaigns: list[Campaign]) -> dict[int, CampaignRow]:
    """Counts for each campaign: two grouped queries whatever the number of campaigns."""
    rows = {c.id: CampaignRow(c) for c in campaigns}
    if not rows:
        return rows
    sent = [CampaignLetter.campaign_id.in_(list(rows)), Submission.state != State.DRAFT]
    for campaign_id, state, n in db.session.execute(
        select(CampaignLetter.campaign_id, Submission.state, func.count())
        .join(Submission, Submission.id == CampaignLetter.submission_id)
        .where(*sent, _grouped_letter()).group_by(CampaignLetter.campaign_id, Submission.state)
    ):
        rows[campaign_id].by_state[State(state)] = n
    individual = or_(CampaignLetter.taken_out, CampaignLetter.own_words_substantial)
    for campaign_id, letters, own, alone in db.session.execute(
        select(CampaignLetter.campaign_id, func.count(), func.sum(case((CampaignLetter.own_words != "", 1), else_=0)),
               func.sum(case((individual, 1), else_=0)))
        .join(Submission, Submission.id == CampaignLetter.submission_id)
        .where(*sent).group_by(CampaignLetter.campaign_id)
    ):
        row = rows[campaign_id]
        row.letters, row.with_own_words, row.individual = letters, own or 0, alone or 0
    return rows


def queue_campaigns(round_ids: list[int], state: str = "") -> list[CampaignRow]:
    """The campaigns of these rounds with letters sent (in ``state``, if given), those with
    the most letters awaiting a decision first."""
    if not round_ids:
        return []
    waiting = func.sum(case((Submission.state == State.SUBMITTED, 1), else_=0))
    statement = (
        select(Campaign.id).join(CampaignLetter, CampaignLetter.campaign_id == Campaign.id)
        .join(Submission, Submission.id == CampaignLetter.submission_id)
        .where(Campaign.round_id.in_(round_ids), Submission.state != State.DRAFT, _grouped_letter())
        .group_by(Campaign.id).order_by(waiting.desc(), Campaign.id).limit(QUEUE_CAMPAIGNS)
    )
    if state:
        statement = statement.where(Submission.state == State(state))
    ids = list(db.session.scalars(statement))
    campaigns = {c.id: c for c in db.session.scalars(
        select(Campaign).where(Campaign.id.in_(ids)).options(selectinload(Campaign.round)))}
    rows = campaign_rows(list(campaigns.values()))
    return [rows[i] for i in ids]


def awaiting_versions(campaign: Campaign) -> list[tuple[int, int]]:
    """(submission id, version) of each letter a decision on the campaign would apply to:
    sent, awaiting a decision, neither taken out nor with substantial own words."""
    return [tuple(row) for row in db.session.execute(
        select(Submission.id, Submission.lock_version).join(CampaignLetter, CampaignLetter.submission_id == Submission.id)
        .where(CampaignLetter.campaign_id == campaign.id, _grouped_letter(), Submission.state == State.SUBMITTED)
        .order_by(Submission.id))]


def fingerprint(versions: list[tuple[int, int]]) -> str:
    """Which letters, at which versions, a moderator saw awaiting a decision: a decision
    made on another set (a letter arrived, was taken out or decided since) is stale."""
    text = ",".join(f"{sid}:{version}" for sid, version in versions)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def current_fingerprint(campaign: Campaign) -> tuple[str, int]:
    versions = awaiting_versions(campaign)
    return fingerprint(versions), len(versions)


# --- a decision applied a part at a time -------------------------------------------------------
def decision_under_way(campaign: Campaign) -> CampaignDecision | None:
    return db.session.scalar(select(CampaignDecision).where(
        CampaignDecision.campaign_id == campaign.id, CampaignDecision.finished_at.is_(None)))


def decision_or_404(decision_id: int) -> CampaignDecision:
    decision = db.session.get(CampaignDecision, decision_id)
    if decision is None:
        abort(404)
    return decision


def next_letters(decision: CampaignDecision, limit: int) -> list[CampaignDecisionLetter]:
    """The next letters the decision has not reached, loaded with what deciding on each needs
    (its organisation's members to notify, its text for the personal-data check)."""
    return list(db.session.scalars(
        select(CampaignDecisionLetter)
        .where(CampaignDecisionLetter.decision_id == decision.id, CampaignDecisionLetter.done.is_(false()))
        .options(selectinload(CampaignDecisionLetter.submission).options(
            selectinload(Submission.organisation).selectinload(Organisation.memberships).selectinload(Membership.user),
            selectinload(Submission.round).selectinload(Round.staff),
            selectinload(Submission.answers), selectinload(Submission.attachments), selectinload(Submission.redactions)))
        .order_by(CampaignDecisionLetter.submission_id).limit(limit)))


SKIPPED_SHOWN = 100


def skipped_letters(decision: CampaignDecision) -> list[tuple[Submission, str]]:
    """The first letters the decision skipped, with why (each is decided on alone)."""
    rows = db.session.execute(
        select(Submission, CampaignDecisionLetter.skipped_because)
        .join(CampaignDecisionLetter, CampaignDecisionLetter.submission_id == Submission.id)
        .where(CampaignDecisionLetter.decision_id == decision.id, CampaignDecisionLetter.skipped_because.is_not(None))
        .order_by(Submission.id).limit(SKIPPED_SHOWN))
    return [tuple(row) for row in rows]


def letters_page(campaign: Campaign, page: int) -> tuple[list[tuple[Submission, CampaignLetter]], int, int]:
    """One page of a campaign's letters for its moderators (drafts aside): those reviewed
    one by one first, then those with own words, then the others. Returns (rows, page, pages)."""
    sent = and_(CampaignLetter.campaign_id == campaign.id, Submission.state != State.DRAFT)
    total = db.session.scalar(select(func.count()).select_from(CampaignLetter)
                              .join(Submission, Submission.id == CampaignLetter.submission_id).where(sent)) or 0
    pages = max(1, -(-total // LETTERS_PAGE))
    page = min(max(1, page), pages)
    alone = or_(CampaignLetter.taken_out, CampaignLetter.own_words_substantial)
    rows = db.session.execute(
        select(Submission, CampaignLetter).join(CampaignLetter, CampaignLetter.submission_id == Submission.id)
        .where(sent).options(selectinload(Submission.organisation))
        .order_by(alone.desc(), (CampaignLetter.own_words != "").desc(), Submission.id)
        .limit(LETTERS_PAGE).offset((page - 1) * LETTERS_PAGE)
    ).all()
    return [(s, letter) for s, letter in rows], page, pages


def campaign_or_404(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def letter_or_404(submission_id: int) -> CampaignLetter:
    letter = db.session.get(CampaignLetter, submission_id)
    if letter is None:
        abort(404)
    return letter


# --- the public side -----------------------------------------------------------------------------
@dataclass
class PublicCampaign:
    campaign: Campaign
    letters: int  # public letters
    with_own_words: int
    latest: object = None  # when its latest letter was published

    @property
    def template_text(self) -> str:
        return public_template_text(self.campaign)


def _public_letters(campaign_ids, group: StakeholderGroup | None = None, session_key: str | None = None):
    conditions = [CampaignLetter.campaign_id.in_(campaign_ids), Submission.public_clause()]
    if group is not None:
        conditions.append(Submission.organisation.has(Organisation.stakeholder_group == group))
    if session_key:
        conditions.append(Submission.sessions.any(RoundSession.key == session_key))
    return conditions


def public_campaigns(round_id: int | None, *, group: StakeholderGroup | None = None, session_key: str | None = None,
                     limit: int | None = None, campaign_ids: list[int] | None = None) -> list[PublicCampaign]:
    """The campaigns with public letters (of one round, or of all, or these), their public
    counts, the one with the latest publication first. One grouped query."""
    ids = select(Campaign.id)
    if round_id is not None:
        ids = ids.where(Campaign.round_id == round_id)
    if campaign_ids is not None:
        ids = ids.where(Campaign.id.in_(campaign_ids))
    latest = func.max(Submission.published_at)
    statement = (
        select(Campaign, func.count(), func.sum(case((CampaignLetter.own_words != "", 1), else_=0)), latest)
        .join(CampaignLetter, CampaignLetter.campaign_id == Campaign.id)
        .join(Submission, Submission.id == CampaignLetter.submission_id)
        .where(*_public_letters(ids.scalar_subquery(), group, session_key))
        .group_by(Campaign.id).order_by(latest.desc(), Campaign.id).options(selectinload(Campaign.round))
    )
    if limit:
        statement = statement.limit(limit)
    return [PublicCampaign(c, n, own or 0, at) for c, n, own, at in db.session.execute(statement)]


def public_campaign_or_404(round_: Round, number: int) -> PublicCampaign:
    """A campaign of ``round_`` with at least one public letter; else it is not admitted to exist."""
    campaign_id = db.session.scalar(select(Campaign.id).where(Campaign.round_id == round_.id, Campaign.number == number))
    found = public_campaigns(round_.id, campaign_ids=[campaign_id]) if campaign_id is not None else []
    if not found:
        abort(404)
    return found[0]


def public_template_text(campaign: Campaign) -> str:
    """The template as the public reads it: passages withheld in the template letter stay withheld."""
    template = campaign.template_submission
    return redact(campaign.template_text, template.active_redactions if template is not None else [])


NAMED_SHOWN = 1000  # names listed on a campaign's page; the rest are counted


def named_senders(campaign: Campaign) -> tuple[list[str], int]:
    """The public names (``Submission.public_name``, the one rule) of the senders of public
    letters who agreed to be named, A to Z, at most ``NAMED_SHOWN``; and how many there are."""
    named = and_(CampaignLetter.campaign_id == campaign.id, Submission.public_clause(),
                 Submission.consent == Consent.NAMED)
    total = db.session.scalar(select(func.count()).select_from(Submission)
                              .join(CampaignLetter, CampaignLetter.submission_id == Submission.id).where(named)) or 0
    letters = db.session.scalars(
        select(Submission).join(CampaignLetter, CampaignLetter.submission_id == Submission.id).where(named)
        .options(selectinload(Submission.organisation)).order_by(Submission.id).limit(NAMED_SHOWN))
    names = {s.public_name for s in letters} - {None, ""}
    return sorted(names, key=str.casefold), total


def personal_additions(campaign: Campaign) -> Select:
    """The public letters with own words, oldest first (a select() for paginate())."""
    return (
        select(Submission).join(CampaignLetter, CampaignLetter.submission_id == Submission.id)
        .where(CampaignLetter.campaign_id == campaign.id, CampaignLetter.own_words != "", Submission.public_clause())
        .options(selectinload(Submission.organisation), selectinload(Submission.redactions),
                 selectinload(Submission.campaign_letter))
        .order_by(Submission.published_at, Submission.id)
    )


def public_input_outside_campaigns(round_id: int, *, group=None, session_key=None) -> Select:
    """The round page's list: published input in no campaign (campaigns are shown apart)."""
    return submission_queries.public_submissions(round_id, group=group, session_key=session_key).where(
        outside_campaigns_clause())


def received_by_round(round_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """{round id: (letters in campaigns, campaigns, other submissions)} of the input received
    (drafts and withdrawn input aside), for the conveners' dashboard. Two grouped queries."""
    if not round_ids:
        return {}
    received = [Submission.round_id.in_(round_ids), Submission.state.not_in([State.DRAFT, State.WITHDRAWN])]
    result = {rid: (0, 0, 0) for rid in round_ids}
    for round_id, letters, campaigns in db.session.execute(
        select(Submission.round_id, func.count(), func.count(func.distinct(CampaignLetter.campaign_id)))
        .join(CampaignLetter, CampaignLetter.submission_id == Submission.id).where(*received)
        .group_by(Submission.round_id)
    ):
        result[round_id] = (letters, campaigns, 0)
    for round_id, others in db.session.execute(
        select(Submission.round_id, func.count()).where(*received, outside_campaigns_clause())
        .group_by(Submission.round_id)
    ):
        letters, campaigns, _others = result[round_id]
        result[round_id] = (letters, campaigns, others)
    return result
