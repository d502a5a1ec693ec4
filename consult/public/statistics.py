"""Participation statistics: who took part, from where, on what, and when.

Counts are of public submissions only (the one public predicate), so statistics never
reveal input that is not published; conveners see the same figures before the close.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_decimal as format_number, gettext as _, ngettext
from sqlalchemy import exists, func, select

from consult import db
from consult.campaigns.models import CampaignLetter
from consult.cosigning import queries as cosigning_queries
from consult.db import utcnow
from consult.organisations.countries import country_name, reading_order
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Round, RoundSession
from consult.submissions.models import Submission, submission_sessions


@dataclass
class Series:
    """One chart: labelled counts, a sentence that says what they show, and a caption."""

    key: str
    title: str
    rows: list[tuple[str, int]]
    summary: str

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.rows)

    @property
    def peak(self) -> int:
        return max((n for _label, n in self.rows), default=0)


def _public(round_id: int | None):
    """Public submissions of one round, or of every round that has closed (statistics of an
    open round are shown to the public only once it closes)."""
    clause = Submission.public_clause()
    if round_id is None:
        return clause & Submission.round.has(Round.closes_at <= utcnow())
    return clause & (Submission.round_id == round_id)


def by_group(round_id: int | None = None) -> Series:
    """Co-signed input counts for its lead organisation's group and each confirmed co-signer's."""
    voices = cosigning_queries.voices(Organisation.stakeholder_group, where=_public(round_id))
    rows = db.session.execute(select(voices.c.stakeholder_group, func.count()).group_by(voices.c.stakeholder_group))
    counts = Counter({StakeholderGroup(g): n for g, n in rows})
    labelled = [(g.label, counts[g]) for g in StakeholderGroup if counts[g]]
    labelled.sort(key=lambda row: -row[1])
    return Series("groups", _("Submissions by stakeholder group"), labelled, _cosigned_sentence(labelled, round_id))


def by_country(round_id: int | None = None) -> Series:
    """Country of the organisation, for named submissions only: an anonymous submission's
    country is public, but a rare country in a small round could identify it."""
    voices = cosigning_queries.voices(Organisation.country, where=_public(round_id) & Organisation.country.is_not(None))
    rows = db.session.execute(select(voices.c.country, func.count()).group_by(voices.c.country)).all()
    labelled = sorted(((country_name(country), n) for country, n in rows), key=lambda row: (-row[1], reading_order(row[0])))
    return Series("countries", _("Submissions by country"), labelled, _cosigned_sentence(labelled, round_id))


def on_behalf(round_id: int | None = None) -> Series:
    """Input organisations sent for a person or a community, beside input in their own voice."""
    sent_for = (Submission.on_behalf_of != "") & Submission.on_behalf_consent
    rows = dict(db.session.execute(
        select(sent_for, func.count()).select_from(Submission).where(_public(round_id)).group_by(sent_for)).all())
    labelled = [(label, n) for label, n in ((_("On behalf of a person or a community"), rows.get(True, 0)),
                                              (_("In the sender's own name"), rows.get(False, 0))) if n]
    return Series("on_behalf", _("Input sent on behalf of others"), labelled, _leader_sentence(labelled))


def by_session(round_id: int) -> Series:
    rows = db.session.execute(
        select(RoundSession.title, func.count())
        .select_from(submission_sessions)
        .join(RoundSession, RoundSession.id == submission_sessions.c.session_id)
        .join(Submission, Submission.id == submission_sessions.c.submission_id)
        .where(_public(round_id))
        .group_by(RoundSession.id, RoundSession.title, RoundSession.position)
        .order_by(RoundSession.position)
    ).all()
    labelled = [(title, n) for title, n in rows]
    return Series("sessions", _("Submissions by session"), labelled, _leader_sentence(labelled))


def over_time(round_id: int | None = None) -> Series:
    """Published submissions per week (weeks starting on Monday, UTC)."""
    published = db.session.scalars(select(Submission.published_at).where(_public(round_id))).all()
    weeks = Counter(_week_start(moment) for moment in published if moment)
    if weeks:
        first, last = min(weeks), max(weeks)
        span = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    else:
        span = []
    labelled = [(_("week of %(day)s", day=week.isoformat()), weeks[week]) for week in span]
    summary = (
        _("%(total)d submissions published over %(weeks)d weeks.", total=sum(weeks.values()), weeks=len(span))
        if span else _("Nothing has been published yet.")
    )
    return Series("time", _("Submissions published per week"), labelled, summary)


def _week_start(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _cosigned_sentence(rows: list[tuple[str, int]], round_id: int | None) -> str:
    """The leader sentence of a chart in which co-signed input counts more than once: the
    total is of submissions, and the sentence says why the rows add up to more."""
    cosigned = cosigning_queries.cosigned_count(_public(round_id))
    if not cosigned:
        return _leader_sentence(rows)
    total = db.session.scalar(select(func.count()).select_from(Submission).where(_public(round_id)))
    return _leader_sentence(rows, total) + " " + ngettext(
        "%(num)d of them is co-signed: it counts for the lead organisation and for each co-signer.",
        "%(num)d of them are co-signed: each counts for the lead organisation and for each co-signer.", cosigned)


def _leader_sentence(rows: list[tuple[str, int]], total: int | None = None) -> str:
    total = sum(n for _label, n in rows) if total is None else total
    if not total or not rows:
        return _("Nothing has been published yet.")
    label, n = max(rows, key=lambda row: row[1])
    return _("%(total)d published submissions; the most came from %(label)s (%(n)d, %(share)d%%).",
             total=total, label=label, n=n, share=round(100 * n / total))


# --- campaigns: letters counted apart from other submissions --------------------------------
def _in_campaign():
    return exists().where(CampaignLetter.submission_id == Submission.id)


def campaign_sentence(round_id: int | None = None) -> str:
    """"4,312 letters in 3 campaigns; 212 other submissions." (public input only)."""
    letters, campaigns = db.session.execute(
        select(func.count(), func.count(func.distinct(CampaignLetter.campaign_id))).select_from(Submission)
        .join(CampaignLetter, CampaignLetter.submission_id == Submission.id).where(_public(round_id))).one()
    others = db.session.scalar(select(func.count()).select_from(Submission).where(_public(round_id), ~_in_campaign()))
    return " ".join([
        ngettext("%(n)s letter", "%(n)s letters", letters, n=format_number(letters)),
        ngettext("in %(n)s campaign;", "in %(n)s campaigns;", campaigns, n=format_number(campaigns)),
        ngettext("%(n)s other submission.", "%(n)s other submissions.", others or 0, n=format_number(others or 0)),
    ])


def _split(column, round_id: int | None) -> list[tuple[object, int, int]]:
    """(value, letters in campaigns, other submissions) of public input, by ``column``."""
    in_campaign = _in_campaign()
    rows = db.session.execute(
        select(column, in_campaign, func.count()).select_from(Submission)
        .join(Organisation, Submission.organisation_id == Organisation.id)
        .where(_public(round_id), column.is_not(None)).group_by(column, in_campaign)
    ).all()
    counts: dict = {}
    for value, letter, n in rows:
        counts.setdefault(value, [0, 0])[0 if letter else 1] += n
    return [(value, letters, others) for value, (letters, others) in counts.items()]


def campaign_letters(round_id: int | None = None) -> list[Series]:
    """Letters in campaigns and other submissions, by stakeholder group and by country: a
    campaign's many letters are many voices, but not many distinct texts. None without campaigns."""
    groups = _split(Organisation.stakeholder_group, round_id)
    if not any(letters for _value, letters, _others in groups):
        return []
    sentence = campaign_sentence(round_id)
    result = []
    for key, title, rows in (
        ("campaigns_groups", _("Letters in campaigns and other submissions, by stakeholder group"),
         [(StakeholderGroup(g).label, letters, others) for g, letters, others in groups]),
        ("campaigns_countries", _("Letters in campaigns and other submissions, by country"),
         [(country_name(c), letters, others) for c, letters, others in _split(Organisation.country, round_id)]),
    ):
        rows.sort(key=lambda row: (-(row[1] + row[2]), reading_order(row[0])))
        labelled = []
        for label, letters, others in rows:
            labelled += [(_("%(label)s: letters in campaigns", label=label), letters),
                         (_("%(label)s: other submissions", label=label), others)]
        result.append(Series(key, title, labelled, sentence))
    return result


def round_statistics(round_: Round) -> list[Series]:
    return [by_group(round_.id), by_country(round_.id), *campaign_letters(round_.id), on_behalf(round_.id),
            by_session(round_.id), over_time(round_.id)]


def overall_statistics() -> list[Series]:
    return [by_group(), by_country(), *campaign_letters(), on_behalf(), over_time()]
