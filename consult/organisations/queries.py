"""Finding organisations."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from consult import db
from consult.pagination import page_number, paginate  # noqa: F401 - one pagination everywhere
from consult.organisations.models import Organisation, StakeholderGroup

PER_PAGE = 25


def is_individual():
    """SQL: the row is a person's own profile, not an organisation (never listed)."""
    return Organisation.stakeholder_group == StakeholderGroup.INDIVIDUAL


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def search(text: str = "", *, verified: bool | None = None) -> Select:
    query = (select(Organisation).where(~is_individual())
             .order_by(func.lower(Organisation.name), Organisation.id))
    text = (text or "").strip()[:200]
    if text:
        pattern = _like(text)
        query = query.where(or_(func.lower(Organisation.name).like(pattern, escape="\\"),
                                func.lower(Organisation.acronym).like(pattern, escape="\\")))
    if verified is True:
        query = query.where(Organisation.verified_at.is_not(None))
    elif verified is False:
        query = query.where(Organisation.verified_at.is_(None))
    return query


# Longer "words" are not names but pasted noise, and SQLite refuses LIKE patterns past 50 kB.
MAX_WORD = 60
_NOISE = {"the", "of", "and", "for", "de", "la", "le", "el", "des", "du", "et", "y", "a", "an", "in",
          "association", "organisation", "organization", "foundation", "network", "international"}


def likely_duplicates(name: str, acronym: str | None = None, limit: int = 10) -> list[Organisation]:
    """Organisations whose name shares a distinctive word with ``name``, or with the same
    acronym: shown before a new one is created, so that people join instead."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in (name or "").lower()).split()
             if 2 < len(w) <= MAX_WORD and w not in _NOISE][:6]
    conditions = [func.lower(Organisation.name).like(_like(w), escape="\\") for w in words]
    if acronym and acronym.strip():
        conditions.append(func.lower(Organisation.acronym) == acronym.strip().lower())
    if not conditions:
        return []
    return list(db.session.scalars(select(Organisation).where(or_(*conditions), ~is_individual())
                                   .order_by(func.lower(Organisation.name)).limit(limit)))
