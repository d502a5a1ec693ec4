"""The text a campaign letter is recognised by: normalised, without its salutation and
signature, cut into overlapping word shingles.

Senders of one campaign change case, spacing, punctuation and accents, address the letter
to someone else and sign it with their own name; none of that makes a different letter.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

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
    while start < end and len(_WORD.findall(lines[start])) <= FRAME_LINE_WORDS:
        start += 1
    while end > start and len(_WORD.findall(lines[end - 1])) <= FRAME_LINE_WORDS:
        end -= 1
    kept = lines[start:end]
    return "\n".join(kept) if kept else "\n".join(lines)


def words(text: str) -> list[str]:
    """Case-folded words without accents or punctuation."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


def shingles(word_list: list[str]) -> set[bytes]:
    if len(word_list) < SHINGLE_WORDS:
        return {" ".join(word_list).encode()} if word_list else set()
    return {" ".join(word_list[i:i + SHINGLE_WORDS]).encode() for i in range(len(word_list) - SHINGLE_WORDS + 1)}


def version_of(word_list: list[str]) -> int:
    """One number per normalised text: letters with the same number are the same version."""
    digest = hashlib.blake2b(" ".join(word_list).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
