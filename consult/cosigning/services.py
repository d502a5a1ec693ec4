"""The only writers of co-signatures: invite, confirm, decline, withdraw. Each change is
checked against the one table of transitions and written to the audit trail."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from consult import audit, db, mail
from consult.cosigning.models import COSIGNABLE, TRANSITIONS, Cosignature, CosignatureState
from consult.db import utcnow
from consult.links import public_url_for
from consult.organisations.models import Organisation
from consult.submissions.models import Submission
from consult.web import Refused

MESSAGE_LIMIT = 2000


def invite(submission: Submission, organisation_id: int | None, message: str = "", *, actor) -> Cosignature:
    """Ask ``organisation_id`` to co-sign ``submission``; its members are told by email."""
    if submission.state not in COSIGNABLE:
        raise Refused(_("Rejected or withdrawn input cannot gain co-signers."))
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None or organisation.is_individual:
        raise Refused(_("Choose an organisation from the list (find it by its name first)."), field="organisation")
    if organisation.id == submission.organisation_id:
        raise Refused(_("%(org)s is the lead organisation of this submission: it cannot co-sign its own input.",
                        org=organisation.display_name), field="organisation")
    cosignature = next((c for c in submission.cosignatures if c.organisation_id == organisation.id), None)
    if cosignature is not None and (cosignature.state, "invite") not in TRANSITIONS:
        raise Refused(_already(cosignature), field="organisation")
    if cosignature is None:  # added inside the savepoint below, so ids, not relationships
        cosignature = Cosignature(submission_id=submission.id, organisation_id=organisation.id)
    from_state = cosignature.state if cosignature.id else None
    cosignature.state, cosignature.message = CosignatureState.INVITED, (message or "").strip()[:MESSAGE_LIMIT]
    cosignature.invited_by_id, cosignature.invited_at = getattr(actor, "id", None), utcnow()
    cosignature.answered_by_id = cosignature.answered_at = None
    _flush_once(cosignature, organisation)
    db.session.expire(submission, ["cosignatures"])
    audit.record(actor, "invite_cosigner", cosignature, from_state=from_state, to_state=cosignature.state,
                 submission=submission.reference, organisation_id=organisation.id)
    _tell_members(cosignature)
    return cosignature


def _already(cosignature: Cosignature) -> str:
    org = cosignature.organisation.display_name
    if cosignature.state == CosignatureState.CONFIRMED:
        return _("%(org)s already co-signs this submission.", org=org)
    if cosignature.state == CosignatureState.DECLINED:
        return _("%(org)s declined to co-sign this submission; its answer stands.", org=org)
    return _("%(org)s is already invited to co-sign this submission.", org=org)


def _flush_once(cosignature: Cosignature, organisation: Organisation) -> None:
    """Two clicks at once must not make two invitations: the second is refused, not a 500."""
    try:
        with db.session.begin_nested():
            db.session.add(cosignature)
            db.session.flush()
    except IntegrityError:
        raise Refused(_("%(org)s is already invited to co-sign this submission.", org=organisation.display_name),
                      field="organisation") from None


def _tell_members(cosignature: Cosignature) -> None:
    submission, organisation = cosignature.submission, cosignature.organisation
    url = public_url_for("cosigning.invitation", cosignature_id=cosignature.id)
    for membership in organisation.accepted_members():
        user = membership.user
        mail.queue(user.email, _l("%(lead)s asks %(org)s to co-sign its input", lead=submission.organisation.name,
                                  org=organisation.name),
                   "cosigning_invitation", locale=user.locale, cosignature=cosignature, submission=submission,
                   organisation=organisation, url=url)


def confirm(cosignature: Cosignature, *, actor) -> None:
    """A member of the invited organisation signs for it: from now on it is listed publicly
    beside the submission and counted in its statistics."""
    _answer(cosignature, "confirm", actor)


def decline(cosignature: Cosignature, *, actor) -> None:
    _answer(cosignature, "decline", actor)


def _answer(cosignature: Cosignature, action: str, actor) -> None:
    if not cosignature.can_answer(actor):
        raise Refused(_("You are not a member of %(org)s.", org=cosignature.organisation.display_name))
    if action == "confirm" and cosignature.submission.state not in COSIGNABLE:
        raise Refused(_("This input was rejected or withdrawn: it can no longer be co-signed."))
    _move(cosignature, action, actor)
    cosignature.answered_by_id, cosignature.answered_at = actor.id, utcnow()
    db.session.flush()


def withdraw(cosignature: Cosignature, *, actor) -> None:
    """The lead takes back an invitation, or removes a co-signer who had confirmed."""
    _move(cosignature, "withdraw", actor)
    db.session.flush()


def _move(cosignature: Cosignature, action: str, actor) -> None:
    to_state = TRANSITIONS.get((cosignature.state, action))
    if to_state is None:
        raise Refused(_("This invitation is no longer awaiting an answer: %(state)s.",
                        state=cosignature.state.label.lower()))
    audit.record(actor, f"{action}_cosignature", cosignature, from_state=cosignature.state, to_state=to_state,
                 submission=cosignature.submission.reference, organisation_id=cosignature.organisation_id,
                 submission_version=cosignature.submission.lock_version)
    cosignature.state = to_state
