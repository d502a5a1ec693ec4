"""Recognition on arrival: copies of one text, as senders change them, join one campaign."""
from __future__ import annotations

from datasketch import MinHash
from sqlalchemy import func, select

from consult import create_app, db
from consult.campaigns import recognition
from consult.campaigns.fingerprints import LetterFingerprint
from consult.campaigns.models import Campaign
from consult.rounds.models import Round
from consult.submissions import importer
from consult.submissions import services as submission_services
from consult.submissions.states import Action, State
from tests.campaigns.letters import (
    DISTINCT, PERSONAL, TEMPLATE, campaign_of, letter_of, send, with_personal_opening, with_sentence_dropped,
    with_typos_and_other_frame,
)


def test_copies_with_a_personal_opening_join_one_campaign_and_keep_their_own_words(make):
    round_ = make.round()
    first, second = send(make, round_, TEMPLATE), send(make, round_, TEMPLATE)
    personal = send(make, round_, with_personal_opening())
    campaign = campaign_of(first)
    assert campaign is not None and campaign_of(second) == campaign == campaign_of(personal)
    assert campaign.letters_count == 3 and campaign.own_words_count == 1
    assert campaign.template_text.startswith("I am writing to ask that recruitment fees")
    assert "Ana Lopez" not in campaign.template_text  # a sender's signature is not the template
    assert letter_of(personal).own_words == PERSONAL and letter_of(personal).own_words_substantial
    assert letter_of(second).own_words == "" and not letter_of(second).own_words_substantial


def test_a_dropped_sentence_typos_and_another_salutation_and_signature_are_the_same_letter(make):
    round_ = make.round()
    letters = [send(make, round_, text) for text in
               (TEMPLATE, with_sentence_dropped(), with_typos_and_other_frame(),
                with_typos_and_other_frame(with_sentence_dropped(with_personal_opening())))]
    campaigns = {campaign_of(s) for s in letters}
    assert len(campaigns) == 1 and None not in campaigns
    assert campaigns.pop().letters_count == 4
    # typos and a new signature are not "own words"; a personal story is
    assert letter_of(letters[2]).own_words == ""
    assert PERSONAL in letter_of(letters[3]).own_words


def test_distinct_comments_are_not_grouped(make):
    round_ = make.round()
    letters = [send(make, round_, TEMPLATE), send(make, round_, DISTINCT),
               send(make, round_, "Recruitment fees must end. Workers should never pay to work.")]
    assert [campaign_of(s) for s in letters] == [None, None, None]
    assert db.session.scalar(select(func.count()).select_from(Campaign)) == 0


def test_letters_of_another_round_are_not_compared(make):
    send(make, make.round(), TEMPLATE)
    assert campaign_of(send(make, make.round(), TEMPLATE)) is None


def test_the_template_is_the_most_common_version(make):
    round_ = make.round()
    send(make, round_, with_personal_opening())  # the campaign's first letter is not its usual text
    send(make, round_, TEMPLATE)
    assert campaign_of(send(make, round_, TEMPLATE)).template_text.startswith("I am writing")
    first = campaign_of(send(make, round_, TEMPLATE))
    assert PERSONAL not in first.template_text and first.own_words_count == 1


def test_a_letter_sent_again_with_another_text_leaves_its_campaign(make):
    round_ = make.round()
    send(make, round_, TEMPLATE)
    changed = send(make, round_, TEMPLATE)
    assert campaign_of(changed) is not None
    changed.answers[0].text = DISTINCT
    submission_services.transition(changed, Action.SUBMIT, actor=None)
    assert campaign_of(changed) is None
    # two letters made the campaign: with one left it is no campaign at all
    assert db.session.scalar(select(func.count()).select_from(Campaign)) == 0


def test_imported_letters_are_recognised(make):
    round_ = make.round()
    for n in range(3):
        importer.import_row({"external_id": f"post-{n}", "organisation": f"Sender {n}", "title": "Letter",
                             "letter": with_typos_and_other_frame() if n else TEMPLATE}, round_, actor=None)
    campaign = db.session.scalar(select(Campaign))
    assert campaign is not None and campaign.letters_count == 3


def test_drafts_are_not_recognised(make):
    round_ = make.round()
    send(make, round_, TEMPLATE)
    assert campaign_of(send(make, round_, TEMPLATE, state=State.DRAFT)) is None


def test_a_restart_keeps_what_was_recognised(make, app):
    round_ = make.round()
    send(make, round_, TEMPLATE)
    send(make, round_, TEMPLATE)
    db.session.commit()
    fingerprints = db.session.scalar(select(func.count()).select_from(LetterFingerprint))
    round_id = round_.id
    db.session.remove()
    restarted = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "UPLOAD_DIR": app.config["UPLOAD_DIR"]})
    with restarted.app_context():
        round_ = db.session.get(Round, round_id)
        late = send(make, round_, with_typos_and_other_frame())
        campaign = campaign_of(late)
        assert campaign is not None and campaign.letters_count == 3
        # only the new letter was fingerprinted: nothing of the round was recomputed
        assert db.session.scalar(select(func.count()).select_from(LetterFingerprint)) == fingerprints + 1
        db.session.commit()
    restarted.extensions["db_engine"].dispose()


def test_signatures_are_those_datasketch_gives_so_stored_fingerprints_stay_comparable():
    long_letter = " ".join(f"word{n}" for n in range(3 * recognition._SIGNATURE_BATCH))  # spans batches
    letters = [TEMPLATE, with_personal_opening(), long_letter, DISTINCT]
    shingle_sets = [recognition.shingles_of_text(text) for text in letters]
    for shingles, signature in zip(shingle_sets, recognition.signatures(shingle_sets)):
        minhash = MinHash(num_perm=recognition.NUM_PERM, seed=recognition.SEED, hashfunc=lambda value: value,
                          scheme="affine32")
        minhash.update_batch(shingles.tolist())
        assert signature.tolist() == minhash.hashvalues.tolist()
