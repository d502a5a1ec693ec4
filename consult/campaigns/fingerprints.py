"""What recognition keeps between letters, in the database so that a restart recomputes
nothing and every web worker sees the same state.

- a *fingerprint* per recognised submission: its MinHash signature (bytes), its shingles
  (hashed, bytes; only for letters that own band keys) and their number (to estimate containment, not only Jaccard), and its *version*,
  a number for its normalised text without salutation and signature;
- the LSH *band keys* of a round: each key remembers the first letter that had it (copies
  that clearly match an earlier letter add none), so a new letter's candidates are one
  indexed lookup of its band keys, however large the round;
- a campaign's *versions*: how many letters share each normalised text, so that the most
  common one (the template) is known without counting letters.
"""
from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base


class LetterFingerprint(Base):
    __tablename__ = "campaign_fingerprints"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    shingle_count: Mapped[int] = mapped_column(Integer)
    # The shingles' 32-bit hashes (sorted), to verify close candidates exactly without
    # reading and cutting their texts again. Only a letter that owns band keys is ever a
    # candidate: a copy that owns none keeps none (b""), which spares most of a campaign's rows.
    shingles: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(BigInteger)


class BandKey(Base):
    __tablename__ = "campaign_band_keys"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The first letter of the round with this band key: the one later letters are compared with.
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)


class CampaignVersion(Base):
    __tablename__ = "campaign_versions"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    letters: Mapped[int] = mapped_column(Integer, default=0)
    # A letter with this text: the template's submission when this version becomes the template.
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
