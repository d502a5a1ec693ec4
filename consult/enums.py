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


class PhrasedEnum(LabelledEnum):
    """A labelled enum whose members also have the words a sentence uses for them, declared
    as ``NAME = "value", _l("Label"), _l("phrase")``: a stakeholder group is "Trade union" in
    a list but "trade union" in "No trade union has submitted yet"; a decision is "Publish"
    on its button but "published" in "XY-12 was published". One declaration keeps both
    wordings beside the value, where a second dictionary would drift from the enum."""

    def __new__(cls, value: str, label=None, phrase=None):
        member = LabelledEnum._new_member_(cls, value, label)
        member._phrase = phrase if phrase is not None else member._label
        return member

    @property
    def phrase(self) -> str:
        return str(self._phrase)
