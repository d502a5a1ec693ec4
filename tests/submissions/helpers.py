"""Helpers for driving the submission form as a browser would."""
from __future__ import annotations

import html
import re

from consult import db
from consult.organisations.models import Membership, MembershipRole


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', page)
    assert match, f"no hidden {name} in the page"
    return html.unescape(match.group(1))


def form_fields(client, submission) -> dict:
    """What the edit page would post back unchanged (token, version, every field)."""
    page = client.get(f"/my/submissions/{submission.reference}").get_data(as_text=True)
    data = {"csrf_token": hidden(page, "csrf_token"), "lock_version": hidden(page, "lock_version"),
            "title": submission.title, "summary": submission.summary, "language": submission.language,
            "consent": submission.consent.value}
    for question in submission.round.questions:
        answer = submission.answer_for(question)
        data[f"answer_{question.id}"] = answer.text if answer else ""
    return data


def answers_for(round_, text: str = "Workers should never pay recruitment fees.") -> dict:
    return {f"answer_{q.id}": text for q in round_.questions}


def join(user, organisation) -> None:
    db.session.add(Membership(user=user, organisation=organisation, role=MembershipRole.MEMBER))
    db.session.flush()
