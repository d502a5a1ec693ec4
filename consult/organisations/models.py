from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.auth.models import User
from consult.db import Base, UTCDateTime, enum_type, utcnow
from consult.enums import PhrasedEnum
from consult.organisations.countries import country_name
from consult.security import Role


class StakeholderGroup(PhrasedEnum):
    """Who an organisation speaks for. The phrase names one member of the group in a
    sentence ("No trade union has submitted yet")."""

    CIVIL_SOCIETY = "civil_society", _l("Civil society / NGO"), _l("civil society organisation")
    MIGRANT_DIASPORA = "migrant_diaspora", _l("Migrant and diaspora organisation"), _l("migrant or diaspora organisation")
    PRIVATE_SECTOR = "private_sector", _l("Private sector and employers"), _l("private sector organisation")
    TRADE_UNION = "trade_union", _l("Trade union"), _l("trade union")
    ACADEMIA = "academia", _l("Academia and research"), _l("academic or research institution")
    LOCAL_AUTHORITY = "local_authority", _l("Local authority"), _l("local authority")
    INTERNATIONAL_ORGANISATION = "international_organisation", _l("International organisation"), _l("international organisation")
    GOVERNMENT = "government", _l("Government"), _l("government")
    OTHER = "other", _l("Other"), _l("other organisation")
    # A person speaking for themselves (see Organisation.is_individual), never an organisation's group.
    INDIVIDUAL = "individual", _l("Individual (migrant, family member, worker)"), _l("individual")

    @property
    def singular(self) -> str:
        """How one member of the group is named in a sentence ("No trade union has ...")."""
        return self.phrase

    @classmethod
    def of_organisations(cls) -> list[StakeholderGroup]:
        """The groups an organisation can belong to (every group but individuals)."""
        return [g for g in cls if g != cls.INDIVIDUAL]


class MembershipRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"
    PENDING = "pending"  # asked to join; an owner accepts or declines


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    acronym: Mapped[str | None] = mapped_column(String(30))
    stakeholder_group: Mapped[StakeholderGroup] = mapped_column(
        enum_type(StakeholderGroup, "stakeholder_group")
    )
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    registry_number: Mapped[str | None] = mapped_column(String(100))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verification_note: Mapped[str | None] = mapped_column(Text)
    # Individuals only (a person's own profile): where they come from and how they describe
    # themselves ("domestic worker"); ``country`` is where they live.
    origin_country: Mapped[str | None] = mapped_column(String(2))
    self_description: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_individual(self) -> bool:
        """A person's own profile, owned by them alone: they take part as themselves. Every
        submission path works with it as with an organisation; it is never listed in the
        directory, and its name is shown only on input its owner chose to send named."""
        return self.stakeholder_group == StakeholderGroup.INDIVIDUAL

    @property
    def display_name(self) -> str:
        if self.is_individual:  # for the person and the staff; the public sees public_name
            return self.name or str(self.anonymous_label)
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def public_name(self) -> str | None:
        """The name shown beside input sent with its name: an individual's only if they gave one."""
        if self.is_individual:
            return self.name or None
        return self.display_name

    @property
    def anonymous_label(self) -> str:
        """An individual described without their name: "A domestic worker in Lebanon, from Ethiopia"."""
        return self.describe_anonymously(self.self_description)

    def describe_anonymously(self, self_description: str | None) -> str:
        """The anonymous label with this self-description (the public's has redactions applied)."""
        who = self_description or str(_l("individual"))
        person = _l("An %(who)s", who=who) if who[:1].lower() in "aeiou" else _l("A %(who)s", who=who)
        if not self.country:
            return str(person)
        if self.origin_country and self.origin_country != self.country:
            return str(_l("%(person)s in %(country)s, from %(origin)s", person=person,
                          country=country_name(self.country), origin=country_name(self.origin_country)))
        return str(_l("%(person)s in %(country)s", person=person, country=country_name(self.country)))

    # --- who stands where (views and templates ask these) ---------------------------------
    def membership_of(self, user) -> Membership | None:
        if not getattr(user, "is_authenticated", False):
            return None
        return next((m for m in self.memberships if m.user_id == user.id), None)

    def owners(self) -> list[Membership]:
        return [m for m in self.memberships if m.role == MembershipRole.OWNER]

    def accepted_members(self) -> list[Membership]:
        return sorted((m for m in self.memberships if m.is_accepted), key=lambda m: (m.role != MembershipRole.OWNER, m.created_at))

    def pending_requests(self) -> list[Membership]:
        return sorted((m for m in self.memberships if not m.is_accepted), key=lambda m: m.created_at)

    def is_owner(self, user) -> bool:
        membership = self.membership_of(user)
        return membership is not None and membership.role == MembershipRole.OWNER

    def is_member(self, user) -> bool:
        membership = self.membership_of(user)
        return membership is not None and membership.is_accepted

    def can_manage(self, user) -> bool:
        """Edit the organisation and decide who belongs to it: its owners, and admins."""
        return self.is_owner(user) or _has_role(user, Role.ADMIN)

    def can_edit_details(self, user) -> bool:
        """The organisation form; a person's profile changes where they send input."""
        return not self.is_individual and self.can_manage(user)

    def can_see_page(self, user) -> bool:
        """An organisation's page is public; a person's own profile is theirs (and admins')."""
        return not self.is_individual or self.can_manage(user)

    def can_see_members(self, user) -> bool:
        return self.is_member(user) or _has_role(user, Role.ADMIN) or _has_role(user, Role.CONVENER)

    def can_verify(self, user) -> bool:
        """Conveners and admins vouch for an organisation (with a note in the audit trail)."""
        return _has_role(user, Role.ADMIN) or _has_role(user, Role.CONVENER)

    def can_ask_to_join(self, user) -> bool:
        if self.is_individual:  # a person's own profile has no other members
            return False
        return getattr(user, "is_authenticated", False) and self.membership_of(user) is None

    def can_leave(self, user) -> bool:
        """Members may leave; the last owner may not, or nobody could manage it any more."""
        membership = self.membership_of(user)
        if membership is None:
            return False
        return not (membership.role == MembershipRole.OWNER and len(self.owners()) == 1)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    role: Mapped[MembershipRole] = mapped_column(enum_type(MembershipRole, "membership_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")

    @property
    def is_accepted(self) -> bool:
        return self.role != MembershipRole.PENDING


def _has_role(user, role: Role) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(role)
