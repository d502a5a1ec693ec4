"""The only writers of campaigns: a recognised letter joins a campaign or founds one with
the letter it matched; counts, versions, the template and each letter's own words are kept
in step in the same transaction (flush, never commit).
"""
from __future__ import annotations

import numpy as np
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import selectinload

from consult import db
from consult.campaigns import letter_text, recognition
from consult.campaigns.fingerprints import BandKey, CampaignVersion, LetterFingerprint
from consult.campaigns.models import Campaign, CampaignLetter
from consult.campaigns.own_words import own_words, template_words
from consult.rounds.models import Round
from consult.submissions.models import Submission


def recognise(submission: Submission) -> CampaignLetter | None:
    """Compare a submission just received with the round's earlier input; its campaign
    letter, or None when it is like no earlier letter (or too short to tell)."""
    # One recogniser per round at a time: two copies arriving together must not both found
    # a campaign (SQLite serialises writers anyway; PostgreSQL locks the round's row).
    db.session.execute(select(Round.id).where(Round.id == submission.round_id).with_for_update())
    text = letter_text.submission_text(submission)
    fingerprint = recognition.fingerprint(text)
    stored = db.session.get(LetterFingerprint, submission.id)
    if stored is not None:
        if fingerprint is not None and stored.version == fingerprint.version:
            return submission.campaign_letter  # sent again unchanged: nothing to redo
        forget(submission)
    if fingerprint is None:
        return None
    keys = list(dict.fromkeys(recognition.band_keys(fingerprint.signature)))
    owners = recognition.band_owners(submission.round_id, keys)
    found = recognition.candidates(set(owners.values()) - {submission.id})
    matched = recognition.matches(
        fingerprint, np.array([c.signature for c in found]).reshape(len(found), recognition.NUM_PERM),
        np.array([c.shingle_count for c in found]),
        lambda rows: [recognition.shingles_from_bytes(found[r].shingles) for r in rows],
        [c.campaign_id for c in found],
    )
    new_keys = [{"round_id": submission.round_id, "key": key, "submission_id": submission.id}
                for key in keys if key not in owners]
    owns_keys = bool(new_keys) and recognition.owns_band_keys(matched)
    db.session.add(LetterFingerprint(submission_id=submission.id, round_id=submission.round_id,
                                     signature=fingerprint.to_bytes(), shingle_count=fingerprint.shingle_count,
                                     version=fingerprint.version,
                                     shingles=fingerprint.shingles_bytes() if owns_keys else b""))
    if owns_keys:
        db.session.execute(insert(BandKey), new_keys)
    if not matched:
        db.session.flush()
        return None
    letters = [found[row] for row, _ in matched]
    campaign = _campaign_for(submission.round_id, letters)
    letter = _join(campaign, submission, text, fingerprint.version, fingerprint.to_bytes())
    # Letters it matched that were in no campaign yet are copies of the same text too.
    for other in letters:
        if other.campaign_id is None and db.session.get(CampaignLetter, other.submission_id) is None:
            other_submission = db.session.get(Submission, other.submission_id)
            other_fingerprint = db.session.get(LetterFingerprint, other.submission_id)
            _join(campaign, other_submission, letter_text.submission_text(other_submission),
                  other_fingerprint.version, other_fingerprint.signature)
    db.session.flush()
    return letter


def _campaign_for(round_id: int, letters: list[recognition.Candidate]) -> Campaign:
    """The campaign of the letters matched: the largest of theirs, into which the others
    merge (the new letter shows they are one text); or a new one founded with the best."""
    campaigns = {c.campaign_id for c in letters if c.campaign_id is not None}
    if not campaigns:
        return _found(round_id, db.session.get(Submission, letters[0].submission_id))
    ranked = sorted((db.session.get(Campaign, cid) for cid in campaigns), key=lambda c: (-c.letters_count, c.number))
    for other in ranked[1:]:
        _merge(ranked[0], other)
    return ranked[0]


def _merge(campaign: Campaign, other: Campaign) -> None:
    db.session.execute(update(CampaignLetter).where(CampaignLetter.campaign_id == other.id)
                       .values(campaign_id=campaign.id))
    for counted in db.session.scalars(select(CampaignVersion).where(CampaignVersion.campaign_id == other.id)).all():
        mine = db.session.get(CampaignVersion, (campaign.id, counted.version))
        if mine is None:
            db.session.add(CampaignVersion(campaign_id=campaign.id, version=counted.version,
                                           letters=counted.letters, submission_id=counted.submission_id))
        else:
            mine.letters += counted.letters
        db.session.delete(counted)
    campaign.letters_count += other.letters_count
    db.session.delete(other)
    db.session.flush()
    best = _most_common_version(campaign)
    if best.letters > _template_version(campaign).letters:
        _make_template(campaign, best)
    else:
        refresh_own_words(campaign)


def _most_common_version(campaign: Campaign) -> CampaignVersion:
    return db.session.scalar(select(CampaignVersion).where(CampaignVersion.campaign_id == campaign.id)
                             .order_by(CampaignVersion.letters.desc(), CampaignVersion.submission_id).limit(1))


def _found(round_id: int, first: Submission) -> Campaign:
    """A new campaign whose template, for now, is the earlier of its first two letters."""
    number = db.session.scalar(select(func.coalesce(func.max(Campaign.number), 0) + 1)
                               .where(Campaign.round_id == round_id))
    text = letter_text.submission_text(first)
    campaign = Campaign(round_id=round_id, number=number, template_submission_id=first.id,
                        template_text=letter_text.body(text), letters_count=0, own_words_count=0)
    db.session.add(campaign)
    db.session.flush()
    fingerprint = db.session.get(LetterFingerprint, first.id)
    _join(campaign, first, text, fingerprint.version, fingerprint.signature)
    return campaign


def _join(campaign: Campaign, submission: Submission, text: str, version: int, signature: bytes) -> CampaignLetter:
    template = db.session.execute(
        select(LetterFingerprint.version, LetterFingerprint.signature)
        .where(LetterFingerprint.submission_id == campaign.template_submission_id)).first()
    counted = {v.version: v for v in db.session.scalars(select(CampaignVersion).where(
        CampaignVersion.campaign_id == campaign.id,
        CampaignVersion.version.in_([version, template.version if template else version])))}
    mine = counted.get(version)
    if mine is None:
        mine = CampaignVersion(campaign_id=campaign.id, version=version, letters=0, submission_id=submission.id)
        db.session.add(mine)
    mine.letters += 1
    own = own_words(template_words(campaign.template_text), letter_text.body(text))
    letter = CampaignLetter(submission_id=submission.id, campaign_id=campaign.id, own_words=own.text,
                            own_words_substantial=own.substantial,
                            similarity=_similarity(signature, template.signature if template else None))
    db.session.add(letter)
    campaign.letters_count += 1
    campaign.own_words_count += int(own.substantial)
    current = counted.get(template.version) if template else None
    if current is not None and mine is not current and mine.letters > current.letters:
        _make_template(campaign, mine)
    return letter


def _similarity(signature: bytes, template_signature: bytes | None) -> float:
    """Estimated Jaccard similarity of the letter to its campaign's template."""
    if template_signature is None:
        return 1.0
    return float((recognition.signature_from_bytes(signature)
                  == recognition.signature_from_bytes(template_signature)).mean())


def _template_version(campaign: Campaign) -> CampaignVersion | None:
    fingerprint = db.session.get(LetterFingerprint, campaign.template_submission_id) \
        if campaign.template_submission_id else None
    return db.session.get(CampaignVersion, (campaign.id, fingerprint.version)) if fingerprint else None


def _make_template(campaign: Campaign, version: CampaignVersion) -> None:
    """A new most common version: the template changes, and with it every letter's own words."""
    template = db.session.get(Submission, version.submission_id)
    campaign.template_submission_id = template.id
    campaign.template_text = letter_text.body(letter_text.submission_text(template))
    db.session.flush()
    refresh_own_words(campaign)


def refresh_own_words(campaign: Campaign) -> None:
    template = template_words(campaign.template_text)
    letters = db.session.scalars(
        select(CampaignLetter).where(CampaignLetter.campaign_id == campaign.id)
        .options(selectinload(CampaignLetter.submission).selectinload(Submission.answers))
    )
    substantial = 0
    for letter in letters:
        own = own_words(template, letter_text.body(letter_text.submission_text(letter.submission)))
        letter.own_words, letter.own_words_substantial = own.text, own.substantial
        substantial += int(own.substantial)
    campaign.own_words_count = substantial


def forget(submission: Submission) -> None:
    """Take a submission out of recognition (its text changed): out of its campaign, which
    ends when fewer than two letters remain, and out of the round's band keys."""
    fingerprint = db.session.get(LetterFingerprint, submission.id)
    letter = db.session.scalar(select(CampaignLetter).where(CampaignLetter.submission_id == submission.id))
    if letter is not None and fingerprint is not None:
        _leave(letter, fingerprint.version)
    db.session.execute(delete(BandKey).where(BandKey.submission_id == submission.id))
    if fingerprint is not None:
        db.session.delete(fingerprint)
    db.session.flush()
    db.session.expire(submission, ["campaign_letter"])


def _leave(letter: CampaignLetter, version: int) -> None:
    campaign = letter.campaign
    counted = db.session.get(CampaignVersion, (campaign.id, version))
    campaign.letters_count -= 1
    campaign.own_words_count -= int(letter.own_words_substantial)
    db.session.delete(letter)
    db.session.flush()
    if counted is not None:
        counted.letters -= 1
        if counted.letters <= 0:
            db.session.delete(counted)
        elif counted.submission_id == letter.submission_id:  # another letter with this text stands for it
            counted.submission_id = db.session.scalar(
                select(CampaignLetter.submission_id).join(
                    LetterFingerprint, LetterFingerprint.submission_id == CampaignLetter.submission_id)
                .where(CampaignLetter.campaign_id == campaign.id, LetterFingerprint.version == version).limit(1))
        db.session.flush()
    if campaign.letters_count < 2:
        _end(campaign)
        return
    best = _most_common_version(campaign)
    current = _template_version(campaign)
    if campaign.template_submission_id == letter.submission_id or current is None \
            or best.letters > current.letters:
        _make_template(campaign, best)


def _end(campaign: Campaign) -> None:
    db.session.execute(delete(CampaignLetter).where(CampaignLetter.campaign_id == campaign.id))
    db.session.execute(delete(CampaignVersion).where(CampaignVersion.campaign_id == campaign.id))
    db.session.delete(campaign)
    db.session.flush()
