"""Which language a submission is written in, when the person has not said so themselves.

A new submission starts in the person's interface language when the round accepts it. When
a draft is saved or sent, the text may correct that default, but only when it is clearly
another of the round's languages: long enough, and a confident detector. A wrong guess
would misfile the text in search (each language has its own analyser), so in doubt the
language stays as it was.

Detection is lingua's, restricted to the round's languages; its models ship inside the
package, so nothing is fetched at run time.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from consult.text import word_count

MIN_WORDS = 20  # below this, a few shared words (migration, information) decide too much
MIN_CONFIDENCE = 0.9  # lingua's relative confidence, 0..1, among the round's languages only
# A few pages tell the language as well as a whole text does, in a fraction of the time
# (a form's worth of text, half a megabyte, takes a second).
SAMPLE_CHARS = 5_000


def starting_language(round_languages: Sequence[str], interface_language: str | None) -> str:
    """The person's interface language if the round accepts it, else the round's first."""
    if interface_language in round_languages:
        return interface_language
    return round_languages[0]


def clear_language(text: str, among: Sequence[str]) -> str | None:
    """The language of ``text`` among ``among``, or None unless it is clearly one of them."""
    if word_count(text) < MIN_WORDS:
        return None
    detector = _detector(tuple(sorted(set(among))))
    if detector is None:
        return None
    best = detector.compute_language_confidence_values(text[:SAMPLE_CHARS])[0]
    if best.value < MIN_CONFIDENCE:
        return None
    return best.language.iso_code_639_1.name.lower()


@lru_cache(maxsize=16)
def _detector(codes: tuple[str, ...]) -> LanguageDetector | None:
    try:
        languages = {Language.from_iso_code_639_1(IsoCode639_1.from_str(code)) for code in codes}
    except ValueError:
        # A text in a language lingua does not know would be forced into one it knows.
        return None
    if len(languages) < 2:
        return None  # one language: nothing to choose between
    return LanguageDetectorBuilder.from_languages(*languages).build()
