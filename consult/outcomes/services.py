"""Operations that change outcomes and recommendations: the only writers of this capability.

Each takes plain values and an explicit ``actor``, only flushes, and writes the audit log.
A refusal raises :class:`OutcomeRefused` with a message for the person; nothing changed.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from consult import audit, db
from consult.auth.models import User
from consult.db import utcnow
from consult.mail import queue
from consult.organisations.models import Membership, MembershipRole, Organisation
from consult.outcomes.models import (
    Forwarding, Outcome, Recommendation, RecommendationVersion, SessionSynthesis, StatusUpdate,
    SynthesisVersion, UpdateRight,
)
from consult.outcomes.states import NEXT_STATUSES, Addressee, OutcomeStatus, RecommendationStatus
from consult.rounds import services as round_services
from consult.rounds.models import Round, RoundSession, RoundStatus
from consult.submissions.models import Submission
from consult.submissions.states import State
from consult.web import Refused


class OutcomeRefused(Refused):
    """The operation is not possible now; the message says why, for the person."""


def outcome_for(round_: Round, *, actor) -> Outcome:
    """The round's outcome, created (as a draft) the first time a convener opens it."""
    outcome = db.session.scalar(select(Outcome).where(Outcome.round_id == round_.id))
    if outcome is None:
        outcome = Outcome(round=round_, status=OutcomeStatus.DRAFT)
        db.session.add(outcome)
        db.session.flush()
        audit.record(actor, "create", outcome, to_state=OutcomeStatus.DRAFT)
    return outcome


# --- drafting and editing -------------------------------------------------------------
def save_syntheses(outcome: Outcome, *, actor, texts: Mapping[int, str]) -> int:
    """Store the summary of each session (by session id); returns how many changed. After
    publication the previous text of each changed one is kept as a version."""
    sessions = {s.id: s for s in outcome.round.sessions}
    changed = 0
    for session_id, text in texts.items():
        if session_id not in sessions:
            continue
        text = (text or "").strip()
        synthesis = outcome.synthesis_for(sessions[session_id])
        if synthesis is None:
            if not text:
                continue
            synthesis = SessionSynthesis(session=sessions[session_id], text="")
            outcome.syntheses.append(synthesis)
        if synthesis.text == text:
            continue
        if outcome.is_published and synthesis.text:
            synthesis.versions.append(SynthesisVersion(
                number=len(synthesis.versions) + 1, text=synthesis.text, created_by_id=getattr(actor, "id", None),
            ))
        synthesis.text = text
        synthesis.updated_at = utcnow()
        changed += 1
    if changed:
        db.session.flush()
        if outcome.is_published:
            outcome.revised_at = utcnow()
        audit.record(actor, "revise_syntheses" if outcome.is_published else "draft_syntheses", outcome,
                     sessions=changed)
    return changed


def _check_support(outcome: Outcome, submissions: Sequence[Submission], cites: Sequence[Recommendation]) -> None:
    round_ = outcome.round
    for submission in submissions:
        if submission.round_id != round_.id or not submission.is_public():
            raise OutcomeRefused(_("Only published input to this round can support its recommendations (%(ref)s).",
                                   ref=submission.reference), field="text")
    for cited in cites:
        forwarding = cited.forwarding
        if forwarding is None or forwarding.to_round_id != round_.id:
            raise OutcomeRefused(_("Only recommendations forwarded to this round can be cited (%(code)s).",
                                   code=cited.code), field="text")


def add_recommendation(
    outcome: Outcome, *, actor, text: str, addressee: Addressee, addressee_name: str | None = None,
    session: RoundSession | None = None, theme: str | None = None,
    submissions: Sequence[Submission] = (), cites: Sequence[Recommendation] = (),
) -> Recommendation:
    _check_support(outcome, submissions, cites)
    position = max((r.position for r in outcome.recommendations), default=0) + 1
    recommendation = Recommendation(
        position=position, text=text.strip(), addressee=addressee,
        addressee_name=(addressee_name or "").strip() or None if addressee == Addressee.NAMED_BODY else None,
        session=session, theme=(theme or "").strip() or None, status=RecommendationStatus.PROPOSED,
        supporting_submissions=list(submissions), cites=list(cites),
    )
    if recommendation.addressee == Addressee.NAMED_BODY and not recommendation.addressee_name:
        raise OutcomeRefused(_("Name the body this recommendation is addressed to."), field="text")
    outcome.recommendations.append(recommendation)
    if outcome.is_published:
        outcome.revised_at = utcnow()
    db.session.flush()
    audit.record(actor, "add_recommendation", recommendation, to_state=recommendation.status,
                 published=outcome.is_published)
    return recommendation


def edit_recommendation(
    recommendation: Recommendation, *, actor, text: str, addressee: Addressee, addressee_name: str | None = None,
    session: RoundSession | None = None, theme: str | None = None,
    submissions: Sequence[Submission] = (), cites: Sequence[Recommendation] = (),
) -> bool:
    """Change a recommendation; after publication the wording it had is kept as a version.
    Returns whether anything changed."""
    outcome = recommendation.outcome
    _check_support(outcome, submissions, cites)
    text = text.strip()
    name = (addressee_name or "").strip() or None if addressee == Addressee.NAMED_BODY else None
    if addressee == Addressee.NAMED_BODY and not name:
        raise OutcomeRefused(_("Name the body this recommendation is addressed to."), field="text")
    wording_changed = (text, addressee, name) != (recommendation.text, recommendation.addressee,
                                                  recommendation.addressee_name)
    changed = wording_changed or (
        session, (theme or "").strip() or None, set(submissions), set(cites)
    ) != (recommendation.session, recommendation.theme, set(recommendation.supporting_submissions),
          set(recommendation.cites))
    if not changed:
        return False
    if outcome.is_published and wording_changed:
        recommendation.versions.append(RecommendationVersion(
            number=len(recommendation.versions) + 1, text=recommendation.text, addressee=recommendation.addressee,
            addressee_name=recommendation.addressee_name, created_by_id=getattr(actor, "id", None),
        ))
    recommendation.text, recommendation.addressee, recommendation.addressee_name = text, addressee, name
    recommendation.session = session
    recommendation.theme = (theme or "").strip() or None
    recommendation.supporting_submissions = list(submissions)
    recommendation.cites = list(cites)
    if outcome.is_published:
        now = utcnow()
        recommendation.revised_at = outcome.revised_at = now
    db.session.flush()
    audit.record(actor, "revise_recommendation" if outcome.is_published else "edit_recommendation",
                 recommendation, wording_changed=wording_changed)
    return True


def save_round_syntheses(round_: Round, *, actor, texts: Mapping[int, str]) -> int:
    """:func:`save_syntheses` on the round's outcome, drafted the first time."""
    return save_syntheses(outcome_for(round_, actor=actor), actor=actor, texts=texts)


def add_round_recommendation(round_: Round, *, actor, **values) -> Recommendation:
    """:func:`add_recommendation` to the round's outcome, drafted the first time."""
    return add_recommendation(outcome_for(round_, actor=actor), actor=actor, **values)


# --- publishing: the round is concluded -----------------------------------------------
def publish_outcome(outcome: Outcome, *, actor) -> int:
    """Publish the outcome, conclude the round and tell every organisation that took part.
    Returns the number of emails queued."""
    round_ = outcome.round
    if outcome.is_published:
        raise OutcomeRefused(_("This outcome was already published."))
    if not round_.has_closed() or round_.status == RoundStatus.ARCHIVED:
        raise OutcomeRefused(_("An outcome can be published only once the round has closed."))
    if not outcome.recommendations and not any(s.text for s in outcome.syntheses):
        raise OutcomeRefused(_("Write a session summary or a recommendation before publishing the outcome."))
    # The round is the rounds capability's: its service checks the phase, records the change
    # and lets the search index look again at the round's published input.
    round_services.conclude(round_, actor=actor)
    outcome.status = OutcomeStatus.PUBLISHED
    outcome.published_at = utcnow()
    db.session.flush()
    audit.record(actor, "publish", outcome, from_state=OutcomeStatus.DRAFT, to_state=OutcomeStatus.PUBLISHED)
    emails = participant_emails(round_)
    for email in emails:
        queue(email, _("Outcome published: %(title)s", title=round_.title), "outcome_published",
              round=round_, outcome=outcome)
    return len(emails)


def participant_emails(round_: Round) -> list[str]:
    """Members of every organisation that sent input to the round (anything not a draft)."""
    took_part = select(Submission.organisation_id).where(
        Submission.round_id == round_.id, Submission.state != State.DRAFT
    )
    return _member_emails(took_part)


def _member_emails(organisation_ids) -> list[str]:
    rows = db.session.scalars(
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(organisation_ids), Membership.role != MembershipRole.PENDING,
               User.is_active_account.is_(True))
        .distinct()
        .order_by(User.email)
    )
    return list(rows)


# --- vertical flow --------------------------------------------------------------------
def forward_recommendations(round_: Round, *, actor) -> Forwarding:
    """Send a concluded round's published recommendations to the round it feeds into, where
    they appear as input with their origin and can be cited."""
    outcome = db.session.scalar(select(Outcome).where(Outcome.round_id == round_.id))
    if round_.status != RoundStatus.CONCLUDED or outcome is None or not outcome.is_published:
        raise OutcomeRefused(_("Recommendations can be forwarded only once this round's outcome is published."))
    target = round_.feeds_into
    if target is None:
        raise OutcomeRefused(_("This round does not feed into another round."))
    if not target.is_open():
        raise OutcomeRefused(_("“%(title)s” does not accept input now (it is %(phase)s).",
                               title=target.title, phase=target.phase().label.lower()))
    already = db.session.scalar(
        select(Forwarding).where(Forwarding.from_round_id == round_.id, Forwarding.to_round_id == target.id)
    )
    if already is not None:
        raise OutcomeRefused(_("These recommendations were already forwarded to “%(title)s”.", title=target.title))
    if not outcome.recommendations:
        raise OutcomeRefused(_("This outcome has no recommendations to forward."))
    forwarding = Forwarding(from_round=round_, to_round=target, forwarded_by_id=getattr(actor, "id", None))
    db.session.add(forwarding)
    for recommendation in outcome.recommendations:
        recommendation.forwarding = forwarding
    db.session.flush()
    audit.record(actor, "forward", round_, to_round=target.slug, recommendations=len(outcome.recommendations))
    return forwarding


# --- follow-up ------------------------------------------------------------------------
def post_update(
    recommendation: Recommendation, *, actor, status: RecommendationStatus, text: str,
    evidence_url: str | None = None,
) -> StatusUpdate:
    """A dated report; when it changes the status, the organisations whose published input
    supports the recommendation (or a recommendation it cites) are told."""
    if not recommendation.is_public():
        raise OutcomeRefused(_("Follow-up starts once the outcome is published."), field="status")
    previous = recommendation.status
    if status != previous and status not in NEXT_STATUSES[previous]:
        raise OutcomeRefused(_("A recommendation that is “%(current)s” cannot become “%(new)s”.",
                               current=previous.label, new=status.label), field="status")
    representative = actor is not None and not recommendation.round.is_convener(actor)
    organisation = recommendation.reporting_organisation(actor) if representative else None
    update = StatusUpdate(
        from_status=previous, to_status=status, text=text.strip(), evidence_url=(evidence_url or "").strip() or None,
        author_id=getattr(actor, "id", None), organisation=organisation,
    )
    recommendation.updates.append(update)
    if status != previous:
        recommendation.status = status
        recommendation.status_changed_at = utcnow()
    db.session.flush()
    audit.record(actor, "follow_up", recommendation, from_state=previous, to_state=status, reason=update.text)
    if status != previous:
        for email in supporter_emails(recommendation):
            queue(email, _("Follow-up: %(code)s is now %(status)s", code=recommendation.code,
                           status=status.label.lower()),
                  "recommendation_status", recommendation=recommendation, update=update)
    return update


def supporter_emails(recommendation: Recommendation) -> list[str]:
    """Members of organisations whose public input supports the recommendation, directly or
    through a forwarded recommendation it cites: the two-way flow back down."""
    supporting = recommendation.public_supporting_submissions() + [
        s for cited in recommendation.cites for s in cited.public_supporting_submissions()
    ]
    return _member_emails({s.organisation_id for s in supporting}) if supporting else []


def grant_update_right(recommendation: Recommendation, organisation: Organisation, *, actor) -> UpdateRight:
    if any(r.organisation_id == organisation.id for r in recommendation.update_rights):
        raise OutcomeRefused(_("%(org)s may already post updates on this recommendation.",
                               org=organisation.display_name), field="organisation")
    right = UpdateRight(organisation=organisation, granted_by_id=getattr(actor, "id", None))
    recommendation.update_rights.append(right)
    db.session.flush()
    audit.record(actor, "grant_update_right", recommendation, organisation_id=organisation.id)
    return right


def revoke_update_right(recommendation: Recommendation, organisation_id: int, *, actor) -> None:
    right = next((r for r in recommendation.update_rights if r.organisation_id == organisation_id), None)
    if right is None:
        raise OutcomeRefused(_("That organisation may not post updates on this recommendation."))
    recommendation.update_rights.remove(right)
    db.session.flush()
    audit.record(actor, "revoke_update_right", recommendation, organisation_id=organisation_id)


def delete_recommendation(recommendation: Recommendation, *, actor) -> None:
    """Drop a drafted recommendation; the others are renumbered. A published one stays on
    the record: it can be corrected, or its follow-up can say it was not taken up."""
    outcome = recommendation.outcome
    if outcome.is_published:
        raise OutcomeRefused(_("A published recommendation cannot be deleted: correct it, or record that it was "
                               "not taken up."))
    audit.record(actor, "delete_recommendation", recommendation, reason=recommendation.text[:200])
    outcome.recommendations.remove(recommendation)
    db.session.flush()
    # One at a time, in order, so that (outcome, position) stays unique at every step.
    for position, other in enumerate(sorted(outcome.recommendations, key=lambda r: r.position), start=1):
        if other.position != position:
            other.position = position
            db.session.flush()
