"""What recognition reads: a round's texts in arrival order, and who is in which campaign."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import func, select

from consult import db
from consult.campaigns import letter_text
from consult.campaigns.models import Campaign, CampaignLetter
from consult.submissions.models import Answer, Submission
from consult.submissions.states import State


def received_texts(round_id: int) -> list[tuple[int, str]]:
    """(submission id, text) of every submission of the round that was sent (any state but
    draft), in the order they arrived: the order recognition sees them in."""
    answers: dict[int, list[str]] = defaultdict(list)
    for submission_id, text in db.session.execute(
        select(Answer.submission_id, Answer.text).join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.round_id == round_id, Submission.state != State.DRAFT)
        .order_by(Answer.submission_id, Answer.question_id)
    ):
        answers[submission_id].append(text)
    rows = db.session.execute(
        select(Submission.id, Submission.letter, Submission.summary)
        .where(Submission.round_id == round_id, Submission.state != State.DRAFT)
        .order_by(Submission.submitted_at, Submission.id)
    )
    return [(sid, letter_text.compose(letter, summary, answers.get(sid, []))) for sid, letter, summary in rows]


def received_count(round_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Submission)
                             .where(Submission.round_id == round_id, Submission.state != State.DRAFT))


def membership(round_id: int) -> Iterator[dict]:
    """Every submission of the round (any state) with its campaign's number, or None."""
    rows = db.session.execute(
        select(Submission.reference, Submission.external_ref, Campaign.number)
        .outerjoin(CampaignLetter, CampaignLetter.submission_id == Submission.id)
        .outerjoin(Campaign, Campaign.id == CampaignLetter.campaign_id)
        .where(Submission.round_id == round_id)
        .order_by(Submission.id)
    )
    for reference, external_ref, number in rows:
        yield {"reference": reference, "external_ref": external_ref, "campaign": number}

