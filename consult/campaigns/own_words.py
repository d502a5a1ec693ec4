"""What a letter adds to its campaign's template, found word by word with ``difflib``.

Runs of at least ``MIN_RUN_WORDS`` words that the template does not have are the sender's
own words; shorter changes are typos, a changed word or a different name, not a message.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from consult.campaigns import letter_text

MIN_RUN_WORDS = 3
# A letter with at least this many words of its own is reviewed on its own by moderators.
SUBSTANTIAL_WORDS = 12
SEPARATOR = " … "


@dataclass
class OwnWords:
    text: str
    word_count: int

    @property
    def substantial(self) -> bool:
        return self.word_count >= SUBSTANTIAL_WORDS


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """(words as written, their normalised forms), punctuation-only tokens dropped."""
    written, normalised = [], []
    for token in text.split():
        folded = " ".join(letter_text.words(token))
        if folded:
            written.append(token)
            normalised.append(folded)
    return written, normalised


def template_words(template_body: str) -> list[str]:
    return _tokens(template_body)[1]


def own_words(template: list[str], letter_body: str) -> OwnWords:
    """The runs of the letter's body (salutation and signature left out) not in the
    template's normalised words."""
    written, normalised = _tokens(letter_body)
    if normalised == template:
        return OwnWords("", 0)
    matcher = difflib.SequenceMatcher(None, template, normalised, autojunk=False)
    runs = [written[j1:j2] for op, _i1, _i2, j1, j2 in matcher.get_opcodes()
            if op in ("insert", "replace") and j2 - j1 >= MIN_RUN_WORDS]
    return OwnWords(SEPARATOR.join(" ".join(run) for run in runs), sum(len(run) for run in runs))
