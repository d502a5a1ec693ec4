"""A person taking part as themselves: their own participant profile.

The profile is an ``Organisation`` row in the stakeholder group "Individual", owned by the
person alone, so that every path input takes (the form, moderation, search facets,
statistics, exports) works for it unchanged. It is never listed in the directory; its name
(optional) is shown only on input its owner chose to send named; otherwise the public reads
a description ("A domestic worker in Lebanon, from Ethiopia").
"""
from __future__ import annotations

from sqlalchemy import select

from consult import audit, db
from consult.organisations.models import Membership, MembershipRole, Organisation, StakeholderGroup
from consult import search_outbox as outbox

PROFILE_FIELDS = ("name", "country", "origin_country", "self_description")


def profile_of(user) -> Organisation | None:
    """The person's own profile, if they have taken part as themselves before."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Organisation).join(Membership)
        .where(Membership.user_id == user.id, Membership.role == MembershipRole.OWNER,
               Organisation.stakeholder_group == StakeholderGroup.INDIVIDUAL)
        .order_by(Organisation.id).limit(1))


def take_part_as_myself(values: dict, *, actor) -> Organisation:
    """The person's profile with these details (created the first time), for them alone."""
    cleaned = {key: ((values.get(key) or "").strip() or None) for key in PROFILE_FIELDS}
    cleaned["name"] = cleaned["name"] or ""
    for key in ("country", "origin_country"):
        cleaned[key] = cleaned[key].upper() if cleaned[key] else None
    profile = profile_of(actor)
    if profile is None:
        profile = Organisation(stakeholder_group=StakeholderGroup.INDIVIDUAL, **cleaned)
        profile.memberships.append(Membership(user=actor, role=MembershipRole.OWNER))
        db.session.add(profile)
        db.session.flush()
        audit.record(actor, "create_individual_profile", profile)
        return profile
    if any(getattr(profile, key) != value for key, value in cleaned.items()):
        for key, value in cleaned.items():
            setattr(profile, key, value)
        audit.record(actor, "update_individual_profile", profile)
        for submission in db.session.scalars(profile.submissions.select()):  # their public label changed
            outbox.enqueue(submission.id)
    db.session.flush()
    return profile


def forget(profile: Organisation) -> None:
    """The person erased their account: their profile keeps only what describes no one
    (group, countries, description), so their input stays, never with their name."""
    profile.name = ""
    for submission in db.session.scalars(profile.submissions.select()):
        outbox.enqueue(submission.id)
    db.session.flush()
