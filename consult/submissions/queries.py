"""Read helpers for submissions, including the public input of a round that the public
pages, the API and the outcomes pages list and count."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult import db
from consult.audit import AuditEvent
from consult.db import utcnow
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Round, RoundSession, RoundStatus
from consult.submissions.models import Answer, Attachment, Submission, submission_sessions
from consult.submissions.states import State


def eager(*, with_text: bool = False) -> list:
    """Loader options for a list of submissions shown with their round, organisation,
    sessions and attachments (the moderation queue); ``with_text`` adds what their public
    text is made of (answers with their questions, extracted attachment text, redactions),
    for the search indexer."""
    attachments = selectinload(Submission.attachments)
    options = [selectinload(Submission.round), selectinload(Submission.organisation), selectinload(Submission.sessions)]
    if not with_text:
        return [*options, attachments]
    # A moderator's redacted version of a file (its backref) is what search reads instead.
    return [*options, attachments.undefer(Attachment.extracted_text), attachments.selectinload(Attachment.redacted_file),
            selectinload(Submission.answers).selectinload(Answer.question), selectinload(Submission.redactions)]


def by_ids(ids: Iterable[int], *options) -> list[Submission]:
    """The submissions with these ids, in id order, loaded with ``options`` (see ``eager``)."""
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.scalars(select(Submission).where(Submission.id.in_(ids)).options(*options)
                                   .order_by(Submission.id)))


def get_by_reference(reference: str) -> Submission | None:
    return db.session.scalar(select(Submission).where(Submission.reference == reference))


def get_attachment(attachment_id: int) -> Attachment | None:
    return db.session.get(Attachment, attachment_id)


def member_organisations(user) -> list[Organisation]:
    ids = user.organisation_ids() if getattr(user, "is_authenticated", False) else set()
    if not ids:
        return []
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)))


def individuals_refused() -> str:
    """Why a person cannot send input as themselves (read in the request's language)."""
    return _("This round accepts input from organisations only, not from individuals.")


def start_problem(round_: Round, organisation: Organisation, user, now: datetime | None = None) -> str | None:
    """Why ``user`` may not start a submission for ``organisation`` in ``round_`` (None: they may)."""
    if organisation.id not in (user.organisation_ids() if getattr(user, "is_authenticated", False) else set()):
        return _("You are not a member of this organisation.")
    if not round_.is_open(now):
        return _("This round is not open for input.")
    if organisation.is_individual and not round_.accepts_individuals:
        return individuals_refused()
    if not round_.accepts_group(organisation.stakeholder_group):
        return _("This round does not invite input from your stakeholder group.")
    if not round_.allow_multiple_submissions and existing_submission(round_, organisation) is not None:
        return _("Your organisation already has a submission in this round.")
    return None


def existing_submission(round_: Round, organisation: Organisation) -> Submission | None:
    return db.session.scalar(
        select(Submission)
        .where(Submission.round_id == round_.id, Submission.organisation_id == organisation.id,
               Submission.state != State.WITHDRAWN)
        .order_by(Submission.id)
        .limit(1)
    )


def dashboard(user, now: datetime | None = None) -> list[dict]:
    """For each of the user's organisations: its submissions by round, and the open rounds
    it may still start a submission in."""
    now = now or utcnow()
    open_rounds = [r for r in db.session.scalars(select(Round).where(Round.status == RoundStatus.PUBLISHED))
                   if r.is_open(now)]
    result = []
    for organisation in member_organisations(user):
        submissions = list(db.session.scalars(
            select(Submission).where(Submission.organisation_id == organisation.id)
            .order_by(Submission.round_id, Submission.id)
        ))
        by_round: dict[Round, list[Submission]] = {}
        for submission in submissions:
            by_round.setdefault(submission.round, []).append(submission)
        result.append({
            "organisation": organisation,
            "by_round": by_round,
            "messages": moderator_messages([s.id for s in submissions]),
            "can_start": [r for r in open_rounds if start_problem(r, organisation, user, now) is None],
        })
    return result


def moderator_messages(submission_ids: list[int]) -> dict[int, AuditEvent]:
    """The latest decision with a reason for each submission (request changes, reject...)."""
    if not submission_ids:
        return {}
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "submissions", AuditEvent.object_id.in_(submission_ids),
               AuditEvent.reason.is_not(None), AuditEvent.action.in_(DECISIONS))
        .order_by(AuditEvent.id)
    )
    return {e.object_id: e for e in events}


DECISIONS = ("request_changes", "reject", "hide", "restore", "publish")


def published_counts_by_group(round_ids: list[int]) -> dict[int, Counter]:
    """{round id: Counter(stakeholder group → public submissions)} in one query."""
    rows = db.session.execute(
        select(Submission.round_id, Organisation.stakeholder_group, func.count())
        .join(Organisation, Submission.organisation_id == Organisation.id)
        .where(Submission.round_id.in_(round_ids), Submission.public_clause())
        .group_by(Submission.round_id, Organisation.stakeholder_group)
    )
    counts: dict[int, Counter] = {rid: Counter() for rid in round_ids}
    for round_id, group, n in rows:
        counts[round_id][StakeholderGroup(group)] = n
    return counts


def public_submissions(round_id: int, *, group: StakeholderGroup | None = None, session_key: str | None = None):
    """The round's published input, newest first, optionally for one stakeholder group or
    one session (a select() for paginate())."""
    statement = (
        select(Submission)
        .where(Submission.round_id == round_id, Submission.public_clause())
        .options(selectinload(Submission.organisation), selectinload(Submission.redactions))
        .order_by(Submission.published_at.desc(), Submission.id.desc())
    )
    if group is not None:
        statement = statement.where(Submission.organisation.has(Organisation.stakeholder_group == group))
    if session_key:
        statement = statement.where(Submission.sessions.any(RoundSession.key == session_key))
    return statement


def published_counts_by_session(round_: Round) -> list[tuple[RoundSession, int]]:
    rows = dict(
        db.session.execute(
            select(submission_sessions.c.session_id, func.count())
            .join(Submission, Submission.id == submission_sessions.c.submission_id)
            .where(Submission.round_id == round_.id, Submission.public_clause())
            .group_by(submission_sessions.c.session_id)
        ).all()
    )
    return [(session, rows.get(session.id, 0)) for session in round_.sessions]
