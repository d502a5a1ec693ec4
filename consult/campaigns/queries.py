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
from consult.campaigns.models import Campaign, CampaignLetter
from consult.organisations.models import Membership, Organisation, StakeholderGroup
from consult.rounds.models import Round, RoundSession
from consult.submissions import queries as submission_queries
from consult.submissions.models import Answer, Consent, Submission
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


def undecided_letters(campaign: Campaign) -> list[Submission]:
    """The letters a decision on the campaign applies to, loaded with what deciding on each
    needs (its organisation's members to notify, its text for the personal-data check)."""
    return list(db.session.scalars(
        select(Submission).join(CampaignLetter, CampaignLetter.submission_id == Submission.id)
        .where(CampaignLetter.campaign_id == campaign.id, _grouped_letter(), Submission.state == State.SUBMITTED)
        .options(selectinload(Submission.organisation).selectinload(Organisation.memberships)
                 .selectinload(Membership.user),
                 selectinload(Submission.round).selectinload(Round.staff),
                 selectinload(Submission.answers), selectinload(Submission.attachments),
                 selectinload(Submission.redactions))
        .order_by(Submission.id)
    ))


def fingerprint(letters: list[Submission]) -> str:
    """Which letters, at which versions, a moderator saw awaiting a decision: a decision
    made on another set (a letter arrived, was taken out or decided since) is stale."""
    text = ",".join(f"{s.id}:{s.lock_version}" for s in sorted(letters, key=lambda s: s.id))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def current_fingerprint(campaign: Campaign) -> tuple[str, int]:
    rows = db.session.execute(
        select(Submission.id, Submission.lock_version).join(CampaignLetter, CampaignLetter.submission_id == Submission.id)
        .where(CampaignLetter.campaign_id == campaign.id, _grouped_letter(), Submission.state == State.SUBMITTED)
        .order_by(Submission.id)
    ).all()
    text = ",".join(f"{sid}:{version}" for sid, version in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:24], len(rows)


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


def letters_with_answers(ids: list[int]) -> list[Submission]:
    return submission_queries.by_ids(ids, selectinload(Submission.answers).selectinload(Answer.question))


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
