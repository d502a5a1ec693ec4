"""Recognising a campaign letter: MinHash signatures, LSH band keys and the match rule.

A letter's text (``letter_text``) is cut into word shingles and summarised by a MinHash
signature (``datasketch``). The signature is split into bands; letters that agree on a whole
band are *candidates* for each other. Candidates are then verified on their signatures:
estimated Jaccard similarity, or estimated containment of the shorter text in the longer one
(a personal story added to a template lowers the Jaccard similarity, not the containment).

Nothing here writes: ``services`` stores what recognition decides.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from datasketch.minhash import _fmix  # the scheme's own input mixing, to stay identical
from sqlalchemy import select

from consult import db
from consult.campaigns import letter_text
from consult.campaigns.fingerprints import BandKey, LetterFingerprint
from consult.campaigns.models import CampaignLetter

NUM_PERM = 128
# Two rows per band: two letters with Jaccard similarity 0.3 share a band with probability
# 1 - (1 - 0.3²)^64 > 0.99, so the edited copies of a template are found; unrelated texts
# that share a band by chance are weeded out by the verification.
ROWS_PER_BAND = 2  # band_keys_of packs a band into one 64-bit word: keep it 2
BANDS = NUM_PERM // ROWS_PER_BAND
# Texts shorter than this are not recognised: "I oppose this rule." is not a campaign.
MIN_WORDS = 8
# Verification: either most of both texts is shared, or the shorter one is mostly inside the
# longer one while still being a fair part of it (a template with a personal story added).
MATCH_JACCARD = 0.5
MATCH_CONTAINMENT = 0.8
MIN_JACCARD_WITH_CONTAINMENT = 0.3
SEED = 17
# An estimate this high is above MATCH_JACCARD beyond doubt (its standard error is 0.04 at 128).
SURE_JACCARD = 0.7

# datasketch's permutations for our seed. Signatures are computed for many letters at once
# with its affine32 scheme (the input mixed by its finaliser, then a*h + b in 32 bits),
# giving exactly what MinHash.update_batch gives (tests/campaigns/test_recognition.py holds
# them equal) without its per-value Python loop and per-letter object.
_A, _B = (values.astype(np.uint32)
          for values in MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations)

# Shingles permuted at once: 2,048 by 128 permutations is 1 MB, which stays in the CPU's
# cache (larger batches were slower, measured).
_SIGNATURE_BATCH = 2_048


@dataclass
class Fingerprint:
    signature: np.ndarray  # uint32, NUM_PERM values
    shingle_count: int
    version: int
    shingles: np.ndarray | None  # to verify close candidates exactly (not stored)

    def to_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()

    def shingles_bytes(self) -> bytes:
        return self.shingles.astype("<u4").tobytes()


def shingles_of_text(text: str) -> np.ndarray:
    return letter_text.shingles(letter_text.words(letter_text.body(text)))


def signatures(shingle_sets: list[np.ndarray]) -> np.ndarray:
    """The MinHash signatures of non-empty shingle sets, one row each (uint32)."""
    out = np.empty((len(shingle_sets), NUM_PERM), dtype=np.uint32)
    start = 0
    while start < len(shingle_sets):
        end, rows = start, 0
        while end < len(shingle_sets) and (rows == 0 or rows + len(shingle_sets[end]) <= _SIGNATURE_BATCH):
            rows += len(shingle_sets[end])
            end += 1
        values = _fmix(np.concatenate(shingle_sets[start:end]).astype(np.uint32), 32)
        with np.errstate(over="ignore"):  # one row per permutation: the minimum runs along rows
            permuted = _A[:, None] * values + _B[:, None]
        offsets = np.cumsum([0] + [len(s) for s in shingle_sets[start:end - 1]])
        out[start:end] = np.minimum.reduceat(permuted, offsets, axis=1).T
        start = end
    return out


def fingerprints(texts: list[str]) -> list[Fingerprint | None]:
    """The fingerprint of each submission's text; None for one too short to recognise."""
    prepared = []
    for text in texts:
        words = letter_text.words(letter_text.body(text))
        prepared.append((letter_text.shingles(words), letter_text.version_of(words))
                        if len(words) >= MIN_WORDS else None)
    present = [item for item in prepared if item is not None]
    signed = iter(signatures([shingles for shingles, _ in present]))
    return [None if item is None else Fingerprint(next(signed), len(item[0]), item[1], item[0])
            for item in prepared]


def fingerprint(text: str) -> Fingerprint | None:
    return fingerprints([text])[0]


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def band_keys_of(signatures: np.ndarray) -> np.ndarray:
    """Band keys of many signatures at once (rows): int64, one column per band.

    A band's two 32-bit values make one 64-bit word, mixed with the band's number by the
    splitmix64 finaliser, so that equal values in different bands give different keys."""
    pairs = np.ascontiguousarray(signatures.astype("<u4")).view("<u8").reshape(len(signatures), BANDS)
    with np.errstate(over="ignore"):
        z = pairs ^ (np.arange(1, BANDS + 1, dtype=np.uint64) * _GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z.view(np.int64)


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per band of one signature."""
    return band_keys_of(signature.reshape(1, NUM_PERM))[0].tolist()


def estimates(signature: np.ndarray, shingle_count: int, others: np.ndarray,
              other_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(estimated Jaccard, estimated containment of the shorter text) against each row of ``others``."""
    jaccard = np.count_nonzero(others == signature, axis=1) / NUM_PERM
    shared = jaccard * (shingle_count + other_counts) / (1 + jaccard)
    containment = np.minimum(shared / np.minimum(shingle_count, other_counts), 1.0)
    return jaccard, containment


def exact(shingles: np.ndarray, other: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the shorter) of two shingle sets (sorted distinct arrays)."""
    shared = len(np.intersect1d(shingles, other, assume_unique=True))
    return shared / (len(shingles) + len(other) - shared), shared / min(len(shingles), len(other))


def is_match(jaccard: float, containment: float) -> bool:
    return bool(jaccard >= MATCH_JACCARD or (containment >= MATCH_CONTAINMENT
                                             and jaccard >= MIN_JACCARD_WITH_CONTAINMENT))


def matches(fingerprint: Fingerprint, others: np.ndarray, other_counts: np.ndarray,
            shingles_of: Callable[[list[int]], list[np.ndarray]], campaigns: list[int | None]) -> list[tuple[int, float]]:
    """The rows of ``others`` the letter matches, most similar first, with their Jaccard.

    Signatures decide the clear cases (an estimate of 0.7 is 0.5 or more for sure with 128
    permutations; one under 0.35 with low containment is no match). The others, close to the
    thresholds, are verified on their exact shingles (``shingles_of`` gives them), except
    those in a campaign (``campaigns``, one per row) that a clear match already gives."""
    if len(others) == 0:
        return []
    jaccard, containment = estimates(fingerprint.signature, fingerprint.shingle_count, others, other_counts)
    sure = np.flatnonzero(jaccard >= SURE_JACCARD).tolist()
    found = {row: float(jaccard[row]) for row in sure}
    known = {campaigns[row] for row in sure} - {None}
    possible = (jaccard >= 0.35) | ((containment >= 0.65) & (jaccard >= 0.2))  # 3 standard errors below
    unsure = [row for row in np.flatnonzero((jaccard < SURE_JACCARD) & possible).tolist()
              if campaigns[row] is None or campaigns[row] not in known]
    if unsure:
        for row, shingles in zip(unsure, shingles_of(unsure)):
            j, c = exact(fingerprint.shingles, shingles) if len(shingles) else (0.0, 0.0)
            if is_match(j, c):
                found[row] = j
    return sorted(found.items(), key=lambda item: -item[1])


def owns_band_keys(matched: list[tuple[int, float]]) -> bool:
    """Whether a letter's new band keys are worth keeping: not when it is clearly a copy of an
    earlier letter (whose keys already lead to its campaign). This keeps the table to about
    the round's distinct texts instead of a row per band of every copy."""
    return not matched or matched[0][1] < SURE_JACCARD


def shingles_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


@dataclass
class Candidate:
    submission_id: int
    signature: np.ndarray
    shingle_count: int
    campaign_id: int | None
    shingles: bytes


def band_owners(round_id: int, keys: Iterable[int]) -> dict[int, int]:
    """{band key: the first letter of the round that had it} for the keys already known."""
    rows = db.session.execute(
        select(BandKey.key, BandKey.submission_id).where(BandKey.round_id == round_id, BandKey.key.in_(list(keys)))
    )
    return dict(rows.all())


def candidates(submission_ids: Iterable[int]) -> list[Candidate]:
    """The fingerprints of these letters, with the campaign each is in (if any)."""
    ids = list(submission_ids)
    if not ids:
        return []
    rows = db.session.execute(
        select(LetterFingerprint.submission_id, LetterFingerprint.signature, LetterFingerprint.shingle_count,
               CampaignLetter.campaign_id, LetterFingerprint.shingles)
        .outerjoin(CampaignLetter, CampaignLetter.submission_id == LetterFingerprint.submission_id)
        .where(LetterFingerprint.submission_id.in_(ids))
        .order_by(LetterFingerprint.submission_id)
    )
    return [Candidate(sid, signature_from_bytes(sig), count, campaign, shingles)
            for sid, sig, count, campaign, shingles in rows]
