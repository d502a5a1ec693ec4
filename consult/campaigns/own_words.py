"""What a letter adds to its campaign's template, found word by word (an edit script of the
letter's words against the template's: ``rapidfuzz``'s Levenshtein opcodes, ``difflib``'s
format at C speed).

Runs of at least ``MIN_RUN_WORDS`` words that the template does not have are the sender's
own words; shorter changes are typos, a changed word or a different name, not a message.
"""
from __future__ import annotations

from functools import lru_cache
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

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


class _Folded(dict):
    """Token -> its normalised words. Campaign letters repeat the same tokens letter after
    letter: each is folded once (emptied past 200,000 tokens)."""

    def __missing__(self, token: str) -> str:
        if len(self) > 200_000:
            self.clear()
        value = self[token] = " ".join(letter_text.words(token))
        return value


_FOLDED = _Folded()


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """(words as written, their normalised forms), punctuation-only tokens dropped."""
    tokens = text.split()
    folded = list(map(_FOLDED.__getitem__, tokens))
    if all(folded):
        return tokens, folded
    kept = [i for i, value in enumerate(folded) if value]
    return [tokens[i] for i in kept], [folded[i] for i in kept]


@lru_cache(maxsize=256)
def _template_words(template_body: str) -> tuple[str, ...]:
    return tuple(_tokens(template_body)[1])


def template_words(template_body: str) -> list[str]:
    return list(_template_words(template_body))


def own_words(template: list[str], letter_body: str) -> OwnWords:
    """The runs of the letter's body (salutation and signature left out) not in the
    template's normalised words."""
    written, normalised = _tokens(letter_body)
    if normalised == template:
        return OwnWords("", 0)
    runs, start, end = [], None, None
    for op in Levenshtein.opcodes(template, normalised):
        if op.tag == "equal":
            if start is not None and end - start >= MIN_RUN_WORDS:
                runs.append(written[start:end])
            start = None
        elif op.dest_end > op.dest_start:  # words the letter has here and the template has not
            start = op.dest_start if start is None else start
            end = op.dest_end
    if start is not None and end - start >= MIN_RUN_WORDS:
        runs.append(written[start:end])
    return OwnWords(SEPARATOR.join(" ".join(run) for run in runs), sum(len(run) for run in runs))
