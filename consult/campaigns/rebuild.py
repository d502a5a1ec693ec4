"""``campaigns rebuild``: a round's campaigns recomputed from scratch, in memory, then
written in bulk.

It follows the same rule as recognition on arrival (letters in the order they arrived,
each compared with the owners of its band keys and joining the best verified one's
campaign), so a rebuilt round groups its letters as they were grouped when they came in;
only the template may differ on a tie (here the earliest of the most common versions).
"""
from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import delete, insert, select

from consult import db
from consult.campaigns import letter_text, recognition
from consult.campaigns.fingerprints import BandKey, CampaignVersion, LetterFingerprint
from consult.campaigns.models import Campaign, CampaignLetter
from consult.campaigns.own_words import OwnWords, own_words, template_words
from consult.campaigns.received import received_texts
from consult.rounds.models import Round

_BATCH = 5_000


@dataclass
class RebuildReport:
    submissions: int
    recognised: int  # long enough to recognise
    campaigns: int
    letters: int


def clear(round_id: int) -> None:
    in_round = select(Campaign.id).where(Campaign.round_id == round_id).scalar_subquery()
    db.session.execute(delete(CampaignLetter).where(CampaignLetter.campaign_id.in_(in_round)))
    db.session.execute(delete(CampaignVersion).where(CampaignVersion.campaign_id.in_(in_round)))
    db.session.execute(delete(Campaign).where(Campaign.round_id == round_id))
    db.session.execute(delete(BandKey).where(BandKey.round_id == round_id))
    db.session.execute(delete(LetterFingerprint).where(LetterFingerprint.round_id == round_id))


def rebuild(round_: Round, progress: Callable[[int], None] | None = None, workers: int = 1) -> RebuildReport:
    """Forget the round's campaigns and recognise every sent submission again, in order of
    arrival. ``progress`` is told how many submissions were done since it was last called.
    With ``workers`` above 1, fingerprints and own words are computed by that many processes
    while this one groups the letters already fingerprinted and stores them."""
    db.session.execute(select(Round.id).where(Round.id == round_.id).with_for_update())
    # A moderator's "take this letter out" outlives the rebuild when the letter is still in a campaign.
    taken_out = set(db.session.scalars(
        select(CampaignLetter.submission_id).join(Campaign)
        .where(Campaign.round_id == round_.id, CampaignLetter.taken_out)))
    clear(round_.id)
    texts = received_texts(round_.id)
    ids = [sid for sid, _ in texts]
    recogniser = _Recogniser(len(texts))
    with _Workers(workers) as pool:
        for done in pool.map(recognition.fingerprints, _chunks([text for _, text in texts])):
            first = len(recogniser.fingerprints)
            recogniser.add(done)
            _insert(LetterFingerprint, ({"submission_id": ids[i], "round_id": round_.id, "signature": fp.to_bytes(),
                                         "shingle_count": fp.shingle_count, "version": fp.version,
                                         "shingles": fp.shingles_bytes() if i in recogniser.owning else b""}
                                        for i, fp in enumerate(done, start=first) if fp is not None))
            if progress:
                progress(len(done))
        campaigns = [_Campaign.of(group, texts, recogniser.fingerprints) for group in recogniser.campaigns()]
        own = (result for done in pool.map(_own_words, _chunks(
            [(c.template_words, texts[i][1]) for c in campaigns for i in c.edited])) for result in done)
        for campaign in campaigns:
            campaign.own = {i: next(own) for i in campaign.edited}
    _insert(BandKey, ({"round_id": round_.id, "key": key, "submission_id": ids[i]}
                      for key, i in recogniser.owners.items()))
    _write(round_.id, ids, recogniser, campaigns, taken_out)
    return RebuildReport(len(texts), sum(fp is not None for fp in recogniser.fingerprints), len(campaigns),
                         sum(len(c.letters) for c in campaigns))


class _Recogniser:
    """Letters recognised in order of arrival, a chunk at a time, by the rule of recognition
    on arrival: a letter is compared with the first letters of its band keys; it joins the
    largest campaign among the letters it matches, the others merge into it, and matched
    letters in no campaign join it too."""

    def __init__(self, total: int) -> None:
        self.fingerprints: list[recognition.Fingerprint | None] = []
        self.signatures = np.zeros((total, recognition.NUM_PERM), dtype=np.uint32)
        self.counts = np.zeros(total, dtype=np.int64)
        self.owners: dict[int, int] = {}  # band key -> its first letter
        self.owning: set[int] = set()  # letters that own a band key: the only candidates ever
        self.members: list[list[int]] = []
        self.campaign_of: dict[int, int] = {}

    def add(self, fingerprints: list[recognition.Fingerprint | None]) -> None:
        first = len(self.fingerprints)
        self.fingerprints += fingerprints
        present = [i for i, fp in enumerate(fingerprints, start=first) if fp is not None]
        for i in present:
            self.signatures[i], self.counts[i] = self.fingerprints[i].signature, self.fingerprints[i].shingle_count
        if not present:
            return
        owners = self.owners
        for i, letter_keys in zip(present, recognition.band_keys_of(self.signatures[present]).tolist()):
            found = sorted(set(map(owners.get, letter_keys)) - {None})
            matched = recognition.matches(
                self.fingerprints[i], self.signatures[found], self.counts[found],
                lambda rows: [self.fingerprints[found[r]].shingles for r in rows],
                [self.campaign_of.get(j) for j in found]) if found else []
            if recognition.owns_band_keys(matched):
                for k in letter_keys:
                    if owners.setdefault(k, i) == i:
                        self.owning.add(i)
            if i not in self.owning:
                self.fingerprints[i].shingles = None  # never a candidate: its shingles are not needed again
            if matched:
                self._join(i, [found[r] for r, _ in matched])

    def _join(self, letter: int, matched: list[int]) -> None:
        campaigns = {self.campaign_of[j] for j in matched if j in self.campaign_of}
        if not campaigns:
            target = len(self.members)
            self.members.append([])
        else:
            target = min(campaigns, key=lambda c: (-len(self.members[c]), c))
            for other in campaigns - {target}:
                for j in self.members[other]:
                    self.campaign_of[j] = target
                self.members[target] += self.members[other]
                self.members[other] = []
        for j in [*matched, letter]:
            if j not in self.campaign_of:
                self.campaign_of[j] = target
                self.members[target].append(j)

    def campaigns(self) -> list[list[int]]:
        """Each campaign's letters in order of arrival, campaigns in order of their first letter's
        founding."""
        return [sorted(group) for group in self.members if group]


# Letters handed to a worker process at a time.
_CHUNK = 2_000


def _chunks(items: list) -> list[list]:
    return [items[k:k + _CHUNK] for k in range(0, len(items), _CHUNK)]


def _own_words(pairs: list[tuple[tuple[str, ...], str]]) -> list[OwnWords]:
    """(template's words, letter's text) -> the letter's own words."""
    return [own_words(list(words), letter_text.body(text)) for words, text in pairs]


class _Workers:
    """``map`` over chunks of letters, in this process or in a pool of processes."""

    def __init__(self, workers: int) -> None:
        self.pool = None
        if workers > 1:
            # fork: the children start with the app already imported (they never touch the database)
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def map(self, function, chunks: list[list]):
        """``function`` of each chunk, lazily, in order."""
        return self.pool.map(function, chunks) if self.pool is not None else map(function, chunks)


@dataclass
class _Campaign:
    letters: list[int]  # indexes, in order of arrival
    template: int
    template_text: str
    template_words: tuple[str, ...]
    versions: Counter
    edited: list[int]  # the letters whose text is not the template's: their own words are sought
    own: dict[int, OwnWords] = field(default_factory=dict)

    @classmethod
    def of(cls, letters: list[int], texts, fingerprints) -> _Campaign:
        versions = Counter(fingerprints[i].version for i in letters)  # ties: the earliest version wins
        top = versions.most_common(1)[0][0]
        template = next(i for i in letters if fingerprints[i].version == top)
        body = letter_text.body(texts[template][1])
        return cls(letters, template, body, tuple(template_words(body)), versions,
                   [i for i in letters if fingerprints[i].version != top])


def _write(round_id, ids, recogniser: _Recogniser, campaigns: list[_Campaign], taken_out) -> None:
    signatures, fingerprints = recogniser.signatures, recogniser.fingerprints
    for number, found in enumerate(campaigns, start=1):
        similarity = (signatures[found.letters] == signatures[found.template]).mean(axis=1).tolist()
        letters = []
        for i, similar in zip(found.letters, similarity):
            own = found.own.get(i)
            letters.append({"submission_id": ids[i], "own_words": own.text if own else "",
                            "own_words_substantial": bool(own and own.substantial), "similarity": similar})
        campaign = Campaign(round_id=round_id, number=number, template_submission_id=ids[found.template],
                            template_text=found.template_text, letters_count=len(found.letters),
                            own_words_count=sum(letter["own_words_substantial"] for letter in letters))
        db.session.add(campaign)
        db.session.flush()
        _insert(CampaignLetter, ({**letter, "campaign_id": campaign.id,
                                  "taken_out": letter["submission_id"] in taken_out} for letter in letters))
        first_with = {}
        for i in found.letters:
            first_with.setdefault(fingerprints[i].version, ids[i])
        _insert(CampaignVersion, ({"campaign_id": campaign.id, "version": version, "letters": n,
                                   "submission_id": first_with[version]} for version, n in found.versions.items()))
    db.session.flush()


def _insert(model, rows) -> None:
    """Rows inserted in batches through the table itself: the ORM's bulk insert, which
    checks every row against the mapping, took a third of a rebuild's time."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            db.session.execute(insert(model.__table__), batch)
            batch = []
    if batch:
        db.session.execute(insert(model.__table__), batch)
