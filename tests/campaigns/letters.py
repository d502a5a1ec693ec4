"""A campaign template and the ways senders change it, for the recognition tests."""
from __future__ import annotations

from sqlalchemy import select

from consult import db
from consult.campaigns.models import Campaign, CampaignLetter
from consult.submissions.states import State

TEMPLATE = """Dear Minister,

I am writing to ask that recruitment fees charged to migrant workers be abolished in every corridor our country takes part in.
Workers who borrow to pay a recruiter arrive in debt and cannot leave an abusive employer, because the debt follows them home.
The employer who benefits from the work should pay the whole cost of recruitment, including visas, medical checks and travel.
Licensed agencies that charge workers should lose their licence, and the list of agencies that lost it should be public.
Please also make sure that contracts are signed before departure, in a language the worker reads, and cannot be replaced on arrival.
Bilateral agreements should say all of this plainly and be reviewed every two years with trade unions and migrant organisations.

Sincerely,
Ana Lopez
"""

PERSONAL = ("My brother paid four thousand dollars to an agent in Manila and worked two years in Dubai "
            "before he had paid it back, sending nothing home to his children.")

DISTINCT = """To the organisers,

Our association of domestic workers in Beirut asks for three things in this consultation.
First, the kafala system must end so that a worker can change employer without the sponsor's consent.
Second, domestic work must be covered by the labour law, with a weekly day off and a minimum wage.
Third, embassies should keep shelters open and lawyers on call for women who escape abuse at night.
We have collected testimonies from two hundred members and are ready to share them with the conveners.

Kind regards,
The coordination committee
"""


def with_personal_opening(text: str = TEMPLATE) -> str:
    return text.replace("Dear Minister,\n", f"Dear Minister,\n\n{PERSONAL}\n", 1)


def with_sentence_dropped(text: str = TEMPLATE) -> str:
    return text.replace("Licensed agencies that charge workers should lose their licence, and the list of agencies "
                        "that lost it should be public.\n", "")


def with_typos_and_other_frame(text: str = TEMPLATE) -> str:
    return (text.replace("Dear Minister,", "To whom it may concern:")
            .replace("Ana Lopez", "Kwame Mensah\nAccra, Ghana")
            .replace("recruitment", "recruitmnet", 1).replace("employer", "emplyoer", 1)
            .replace("Bilateral", "bilateral").replace("plainly", "plainly!!"))


def send(make, round_, text: str, *, state: State = State.SUBMITTED, organisation=None):
    """A submission sent with ``text`` as its answer to the round's first question."""
    organisation = organisation or make.organisation()
    return make.submission(round_, organisation, state=state, answers={"q1": text})


def campaign_of(submission) -> Campaign | None:
    letter = db.session.scalar(select(CampaignLetter).where(CampaignLetter.submission_id == submission.id))
    return letter.campaign if letter else None


def letter_of(submission) -> CampaignLetter | None:
    return db.session.scalar(select(CampaignLetter).where(CampaignLetter.submission_id == submission.id))
