"""Operations on organisations and their members (the only writers)."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from consult import audit, db, mail
from consult.db import utcnow
from consult.links import public_url_for
from consult.organisations import queries
from consult.organisations.models import Membership, MembershipRole, Organisation, StakeholderGroup
from consult import search_outbox as outbox
from consult.web import Refused


class OrganisationRefused(Refused):
    """A change to an organisation that cannot be made; the message says why."""


class MembershipRefused(OrganisationRefused):
    """A change to the members that cannot be made; the message says why."""


FIELDS = ("name", "acronym", "stakeholder_group", "country", "website", "description", "registry_number")


def _clean(values: dict) -> dict:
    cleaned = {}
    for key in FIELDS:
        value = values.get(key)
        if isinstance(value, str):
            value = value.strip() or None
        cleaned[key] = value
    cleaned["stakeholder_group"] = StakeholderGroup(cleaned["stakeholder_group"])
    return cleaned


def create(values: dict, *, actor, allow_similar: bool = True) -> Organisation:
    """A new organisation; the person creating it becomes its owner. Unverified until a
    convener or an admin verifies it. With ``allow_similar`` false (a person creating one
    from the form), it is refused while organisations with a similar name exist, until the
    person confirms that none of them is theirs."""
    if not allow_similar and queries.likely_duplicates(values.get("name") or "", values.get("acronym")):
        raise OrganisationRefused(
            _("Organisations with similar names exist. Ask to join yours, or tick this box to create a new one."),
            field="not_a_duplicate",
        )
    org = Organisation(**_clean(values))
    org.memberships.append(Membership(user=actor, role=MembershipRole.OWNER))
    db.session.add(org)
    db.session.flush()
    audit.record(actor, "create_organisation", org)
    return org


def update(org: Organisation, values: dict, *, actor) -> None:
    shown_publicly = (org.name, org.acronym, org.stakeholder_group, org.country)
    for key, value in _clean(values).items():
        setattr(org, key, value)
    audit.record(actor, "update_organisation", org)
    if (org.name, org.acronym, org.stakeholder_group, org.country) != shown_publicly:
        # Its published input is indexed under the old name, group or country. Every entry
        # is a "refresh" (the indexer applies the public predicate), so enqueueing the
        # organisation's unpublished input too costs a look-up each, never a wrong index.
        for submission in db.session.scalars(org.submissions.select()):
            outbox.enqueue(submission.id)


def ask_to_join(org: Organisation, *, actor) -> Membership:
    """A pending membership; every owner is told by email."""
    if org.membership_of(actor) is not None:
        raise MembershipRefused(_("You already belong to this organisation or asked to join it."))
    membership = Membership(user=actor, organisation=org, role=MembershipRole.PENDING)
    db.session.add(membership)
    db.session.flush()
    audit.record(actor, "ask_to_join", org, to_state="pending")
    url = public_url_for("organisations.detail", organisation_id=org.id)
    for owner in org.owners():
        with force_locale(owner.user.locale):  # each owner reads it in their language
            mail.queue(owner.user.email, _("%(name)s asks to join %(organisation)s", name=actor.name, organisation=org.name),
                       "join_request", requester=actor, organisation=org, url=url)
    return membership


def decide_request(membership: Membership, accept: bool, *, actor) -> None:
    if membership.is_accepted:
        raise MembershipRefused(_("This person is already a member."))
    org, user = membership.organisation, membership.user
    url = public_url_for("organisations.detail", organisation_id=org.id)
    with force_locale(user.locale):
        mail.queue(user.email, _("Your request to join %(organisation)s", organisation=org.name), "join_decision",
                   user=user, organisation=org, accepted=accept, url=url)
    audit.record(actor, "accept_member" if accept else "decline_member", org,
                 from_state="pending", to_state="member" if accept else None)
    if accept:
        membership.role = MembershipRole.MEMBER
    else:
        db.session.delete(membership)
    db.session.flush()


# What an owner may do to a membership from the members list.
MEMBER_ACTIONS = ("accept", "decline", "make_owner", "make_member", "remove")


def change_member(membership: Membership, action: str, *, actor) -> None:
    """One of ``MEMBER_ACTIONS`` on a membership, by an owner or an admin."""
    if action in ("accept", "decline"):
        decide_request(membership, action == "accept", actor=actor)
    elif action == "remove":
        remove_member(membership, actor=actor)
    elif action in ("make_owner", "make_member"):
        set_member_role(membership, MembershipRole.OWNER if action == "make_owner" else MembershipRole.MEMBER, actor=actor)
    else:
        raise ValueError(f"not a member action: {action!r}")  # the view answers 400 before this


def set_member_role(membership: Membership, role: MembershipRole, *, actor) -> None:
    org = membership.organisation
    if not membership.is_accepted:
        raise MembershipRefused(_("Accept the request first."))
    if membership.role == MembershipRole.OWNER and role != MembershipRole.OWNER and len(org.owners()) == 1:
        raise MembershipRefused(_("An organisation needs at least one owner. Make someone else an owner first."))
    audit.record(actor, "set_member_role", org, from_state=membership.role, to_state=role)
    membership.role = role


def remove_member(membership: Membership, *, actor) -> None:
    """An owner removes someone, or a member leaves (actor is the member)."""
    org = membership.organisation
    if membership.role == MembershipRole.OWNER and len(org.owners()) == 1:
        raise MembershipRefused(_("The last owner cannot leave. Make someone else an owner first."))
    audit.record(actor, "leave_organisation" if actor is not None and actor.id == membership.user_id else "remove_member",
                 org, from_state=membership.role, to_state=None)
    org.memberships.remove(membership)
    db.session.delete(membership)
    db.session.flush()


def set_verification(org: Organisation, verified: bool, note: str, *, actor) -> None:
    """Verify an organisation (or withdraw it), with a note kept in the audit trail."""
    before = "verified" if org.is_verified else "unverified"
    org.verified_at = utcnow() if verified else None
    org.verified_by = actor if verified else None
    org.verification_note = note.strip()
    audit.record(actor, "verify_organisation" if verified else "unverify_organisation", org,
                 from_state=before, to_state="verified" if verified else "unverified", reason=note.strip())
