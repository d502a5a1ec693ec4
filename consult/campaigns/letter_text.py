"""The text a campaign letter is recognised by: normalised, without its salutation and
signature, cut into overlapping word shingles.

Senders of one campaign change case, spacing, punctuation and accents, address the letter
to someone else and sign it with their own name; none of that makes a different letter.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

SHINGLE_WORDS = 3
# Lines this short at either end of a letter are a salutation, a sign-off or a signature
# ("Dear Administrator Wheeler,", "Sincerely,", "Jane Doe", "Springfield, IL").
FRAME_LINE_WORDS = 6
_WORD = re.compile(r"\w+")


def submission_text(submission) -> str:
    """Letter, summary and answers, in that order: all the sender wrote (not the title,
    which importers and forms often fill with a generic label)."""
    answers = [a.text for a in sorted(submission.answers, key=lambda a: a.question_id)]
    return compose(submission.letter, submission.summary, answers)


def compose(letter: str, summary: str, answers: list[str]) -> str:
    """``answers`` in the order of their questions' ids."""
    return "\n\n".join(part for part in (letter, summary, *answers) if part and part.strip())


def body(text: str) -> str:
    """The text without its leading and trailing short lines; the whole text when nothing
    longer remains (a one-line comment is all body)."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    start, end = 0, len(lines)
    while start < end and len(lines[start].split()) <= FRAME_LINE_WORDS:
        start += 1
    while end > start and len(lines[end - 1].split()) <= FRAME_LINE_WORDS:
        end -= 1
    kept = lines[start:end]
    return "\n".join(kept) if kept else "\n".join(lines)


def words(text: str) -> list[str]:
    """Case-folded words without accents or punctuation."""
    folded = text.casefold()
    if not folded.isascii():  # most letters are: skip the accent folding then
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


class _WordHashes(dict):
    """Word -> 64-bit hash. Campaign letters repeat the same few thousand words, so a dict
    holds them (a lookup through ``map`` runs in C); it is emptied past a million words."""

    def __missing__(self, word: str) -> int:
        if len(self) > 1_000_000:
            self.clear()
        value = self[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        return value


_WORD_HASHES = _WordHashes()


_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def _mix(z: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, element-wise (uint64 arithmetic wraps by design)."""
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def shingles(word_list: list[str]) -> np.ndarray:
    """The distinct word shingles of a text, each as a 32-bit hash (sorted uint32).

    Hashing words once (cached: campaign letters repeat them) and combining them with
    numpy is some twenty times faster than hashing every shingle's string."""
    if not word_list:
        return np.zeros(0, dtype=np.uint32)
    words = np.fromiter(map(_WORD_HASHES.__getitem__, word_list), dtype=np.uint64, count=len(word_list))
    if len(words) < SHINGLE_WORDS:
        words = np.concatenate([words, np.zeros(SHINGLE_WORDS - len(words), dtype=np.uint64)])
    count = len(words) - SHINGLE_WORDS + 1
    with np.errstate(over="ignore"):  # a polynomial in the words' hashes, wrapping, then mixed once
        combined = words[:count].copy()
        for k in range(1, SHINGLE_WORDS):
            combined = combined * _MULTIPLIER + words[k:count + k]
    hashed = np.sort((_mix(combined) >> np.uint64(32)).astype(np.uint32))
    distinct = np.empty(len(hashed), dtype=bool)  # np.unique, without its overhead on short arrays
    distinct[0] = True
    np.not_equal(hashed[1:], hashed[:-1], out=distinct[1:])
    return hashed[distinct]


def version_of(word_list: list[str]) -> int:
    """One number per normalised text: letters with the same number are the same version."""
    digest = hashlib.blake2b(" ".join(word_list).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
