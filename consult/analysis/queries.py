"""Read helpers of the analysis shared by its pages."""
from __future__ import annotations

from flask import abort

from consult.analysis.models import Codebook
from consult import db
from consult.rounds.models import Round
from consult.rounds.queries import visible_round_or_404
from consult.security import require


def analysed_round_or_404(slug: str, user) -> Round:
    """A round ``user`` analyses: its conveners and moderators. As for managed rounds, a
    visitor is sent to log in first, and a draft they may not see is as missing as none."""
    if not user.is_authenticated:
        abort(401)
    round_ = visible_round_or_404(slug, user)
    require(round_.can_moderate(user))
    return round_


def codebook_of(round_: Round) -> Codebook | None:
    return db.session.get(Codebook, round_.id)
