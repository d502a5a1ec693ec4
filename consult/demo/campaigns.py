"""The demo's campaign: forty people send the same letter, three add words of their own, one
of them a story long enough for a moderator to read it alone.

The letters arrive as letters received by the conveners (``external_ref`` makes a second
load add nothing) and are grouped as recognition groups them. When recognition has already
grouped them on arrival, the grouping it made is kept.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from consult import db
from consult.campaigns.models import Campaign, CampaignLetter
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Round
from consult.submissions import services as submission_services
from consult.submissions.models import Consent, Submission
from consult.submissions.states import State, path_from_draft

COUNTRIES = ("PH", "NP", "GH", "MA", "SN", "LK")


def load_campaign(spec: dict, round_: Round, report, now: datetime) -> None:
    key = f"demo-campaign-{round_.slug}"
    if db.session.scalar(select(Submission.id).where(Submission.round_id == round_.id,
                                                     Submission.external_ref == f"{key}-0")) is not None:
        return
    own_words = {int(i): text for i, text in spec["own_words"].items()}
    substantial = set(spec["substantial"])
    published = now - timedelta(days=spec["published_days_ago"])
    letters = []
    for i in range(spec["letters"]):
        name = spec["named"][i] if i < len(spec["named"]) else ""
        sender = Organisation(name=name, stakeholder_group=StakeholderGroup.INDIVIDUAL,
                              country=COUNTRIES[i % len(COUNTRIES)], self_description="migrant worker")
        submission = submission_services.create_draft(
            round_, sender, actor=None, consent=Consent.NAMED if name else Consent.ANONYMOUS, imported=True)
        text = spec["template"] + (f"\n\n{own_words[i]}" if i in own_words else "")
        submission_services.save_content(submission, actor=None, answers={}, title=spec["title"], letter=text,
                                         external_ref=f"{key}-{i}")
        # Decided with the campaign, except the long story, which waits for its own review.
        for action in path_from_draft(State.SUBMITTED if i in substantial else State.PUBLISHED):
            submission_services.transition(submission, action, actor=None)
        submission.submitted_at = published - timedelta(days=1, minutes=i)
        if submission.published_at is not None:
            submission.published_at = published
        letters.append(submission)
        report.count("campaign letters")
    db.session.flush()
    _group(spec, round_, letters, own_words, substantial)


def _group(spec: dict, round_: Round, letters: list[Submission], own_words: dict[int, str], substantial: set[int]):
    grouped = {letter.submission_id for letter in db.session.scalars(
        select(CampaignLetter).where(CampaignLetter.submission_id.in_([s.id for s in letters])))}
    if grouped:
        return  # recognition grouped them as they arrived
    number = 1 + len(db.session.scalars(select(Campaign.id).where(Campaign.round_id == round_.id)).all())
    campaign = Campaign(round=round_, number=number, template_submission_id=letters[0].id,
                        template_text=spec["template"], letters_count=len(letters), own_words_count=len(own_words))
    db.session.add(campaign)
    db.session.flush()
    db.session.add_all(
        CampaignLetter(submission_id=s.id, campaign_id=campaign.id, own_words=own_words.get(i, ""),
                       own_words_substantial=i in substantial, similarity=0.8 if i in own_words else 1.0)
        for i, s in enumerate(letters))
    db.session.flush()
