"""``campaigns rebuild``: a round's campaigns recomputed from scratch, in memory, then
written in bulk.

It follows the same rule as recognition on arrival (letters in the order they arrived,
each compared with the owners of its band keys and joining the best verified one's
campaign), so a rebuilt round groups its letters as they were grouped when they came in;
only the template may differ on a tie (here the earliest of the most common versions).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, insert, select

from consult import db
from consult.campaigns import letter_text, recognition
from consult.campaigns.fingerprints import BandKey, CampaignVersion, LetterFingerprint
from consult.campaigns.models import Campaign, CampaignLetter
from consult.campaigns.own_words import own_words, template_words
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


def rebuild(round_: Round, progress: Callable[[int], None] | None = None) -> RebuildReport:
    """Forget the round's campaigns and recognise every sent submission again, in order of
    arrival. ``progress`` is told how many submissions were done since it was last called."""
    db.session.execute(select(Round.id).where(Round.id == round_.id).with_for_update())
    # A moderator's "take this letter out" outlives the rebuild when the letter is still in a campaign.
    taken_out = set(db.session.scalars(
        select(CampaignLetter.submission_id).join(Campaign)
        .where(Campaign.round_id == round_.id, CampaignLetter.taken_out)))
    clear(round_.id)
    texts = received_texts(round_.id)
    ids = [sid for sid, _ in texts]
    fingerprints = []
    for n, (_, text) in enumerate(texts, start=1):
        fingerprints.append(recognition.fingerprint(text))
        if progress and n % 1000 == 0:
            progress(1000)
    if progress:
        progress(len(texts) % 1000)
    present = [i for i, fp in enumerate(fingerprints) if fp is not None]
    signatures = np.zeros((len(texts), recognition.NUM_PERM), dtype=np.uint32)
    counts = np.zeros(len(texts), dtype=np.int64)
    for i in present:
        signatures[i], counts[i] = fingerprints[i].signature, fingerprints[i].shingle_count
    keys = recognition.band_keys_of(signatures[present]) if present else np.zeros((0, recognition.BANDS))
    owners: dict[int, int] = {}
    grouping = _Grouping()
    for row, i in enumerate(present):
        letter_keys = keys[row].tolist()
        found = sorted({owners[k] for k in letter_keys if k in owners})
        matched = recognition.matches(fingerprints[i], signatures[found], counts[found],
                                      lambda rows: [fingerprints[found[r]].shingles for r in rows],
                                      [grouping.campaign_of.get(j) for j in found]) if found else []
        if recognition.owns_band_keys(matched):
            for k in letter_keys:
                owners.setdefault(k, i)
        if matched:
            grouping.add(i, [found[r] for r, _ in matched])
    members = [sorted(group) for group in grouping.members if group]  # in order of arrival
    _write(round_.id, ids, texts, fingerprints, signatures, owners, members, taken_out)
    return RebuildReport(len(texts), len(present), len(members), sum(len(m) for m in members))


class _Grouping:
    """Campaigns as lists of letters (indexes), with the rule of recognition on arrival:
    a letter joins the largest campaign among the letters it matches, the others merge
    into it, and matched letters in no campaign join it too."""

    def __init__(self) -> None:
        self.members: list[list[int]] = []
        self.campaign_of: dict[int, int] = {}

    def add(self, letter: int, matched: list[int]) -> None:
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


def _write(round_id, ids, texts, fingerprints, signatures, owners, members, taken_out) -> None:
    _insert(LetterFingerprint, ({"submission_id": ids[i], "round_id": round_id, "signature": fp.to_bytes(),
                                 "shingle_count": fp.shingle_count, "version": fp.version,
                                 "shingles": fp.shingles_bytes()}
                                for i, fp in enumerate(fingerprints) if fp is not None))
    _insert(BandKey, ({"round_id": round_id, "key": key, "submission_id": ids[i]} for key, i in owners.items()))
    for number, group in enumerate(members, start=1):
        versions = Counter(fingerprints[i].version for i in group)  # ties: the earliest version wins
        top = versions.most_common(1)[0][0]
        template = next(i for i in group if fingerprints[i].version == top)
        body = letter_text.body(texts[template][1])
        words = template_words(body)
        letters = []
        for i in group:
            own = own_words(words, letter_text.body(texts[i][1])) \
                if fingerprints[i].version != top else None
            letters.append({"submission_id": ids[i], "own_words": own.text if own else "",
                            "own_words_substantial": bool(own and own.substantial),
                            "similarity": float((signatures[i] == signatures[template]).mean())})
        campaign = Campaign(round_id=round_id, number=number, template_submission_id=ids[template],
                            template_text=body, letters_count=len(group),
                            own_words_count=sum(letter["own_words_substantial"] for letter in letters))
        db.session.add(campaign)
        db.session.flush()
        _insert(CampaignLetter, ({**letter, "campaign_id": campaign.id,
                                  "taken_out": letter["submission_id"] in taken_out} for letter in letters))
        first_with = {}
        for i in group:
            first_with.setdefault(fingerprints[i].version, ids[i])
        _insert(CampaignVersion, ({"campaign_id": campaign.id, "version": version, "letters": n,
                                   "submission_id": first_with[version]} for version, n in versions.items()))
    db.session.flush()


def _insert(model, rows) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            db.session.execute(insert(model), batch)
            batch = []
    if batch:
        db.session.execute(insert(model), batch)
