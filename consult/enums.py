"""Enums whose members carry their label: each is declared once, with its words."""
from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum declared as ``NAME = "value", _l("Label")``; ``member.label`` is the label
    in the reader's language (give it as ``lazy_gettext``), ``choices()`` the pairs a select
    field shows."""

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label if label is not None else value
        return member

    @property
    def label(self) -> str:
        return str(self._label)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]
