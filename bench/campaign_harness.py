"""A throwaway database with one round whose letters are given texts, for the campaign
quality report and benchmark (not a benchmark itself)."""
from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # config.py sits at the top

from sqlalchemy import func, insert, select  # noqa: E402

from consult import create_app, db, migrate  # noqa: E402
from consult.campaigns import grouping  # noqa: E402
from consult.campaigns.models import Campaign, CampaignLetter  # noqa: E402
from consult.db import utcnow  # noqa: E402
from consult.organisations.models import Organisation, StakeholderGroup  # noqa: E402
from consult.rounds.models import Level, Round, RoundStatus  # noqa: E402
from consult.submissions.models import Submission  # noqa: E402
from consult.submissions.states import State  # noqa: E402


def make_app(database_url: str | None = None):
    folder = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
    url = database_url or f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"DATABASE_URL": url, "UPLOAD_DIR": str(folder / "uploads"),
                      "SEARCH_INDEX_DIR": str(folder / "search_index")})
    migrate.upgrade(app)
    return app


def make_round(slug: str = "campaigns") -> Round:
    now = utcnow()
    round_ = Round(slug=slug, title="Campaign bench round", level=Level.GLOBAL, opens_at=now - timedelta(days=30),
                   closes_at=now + timedelta(days=30), status=RoundStatus.PUBLISHED, reference_prefix="C")
    db.session.add(round_)
    db.session.add(Organisation(name="Letters by post", stakeholder_group=StakeholderGroup.OTHER))
    db.session.flush()
    return round_


def add_letters(round_: Round, texts: list[str], start: int = 0) -> list[int]:
    """Sent letters (state submitted), in bulk and unrecognised; their ids in order."""
    organisation_id = db.session.scalar(select(Organisation.id).limit(1))
    before = db.session.scalar(select(func.coalesce(func.max(Submission.id), 0)))
    now = utcnow()
    rows = [{"reference": f"C{round_.id}-{start + n:07d}", "round_id": round_.id, "organisation_id": organisation_id,
             "state": State.SUBMITTED, "title": "Letter", "summary": "", "letter": text, "language": "en",
             "external_ref": f"X{start + n}", "submitted_at": now + timedelta(microseconds=start + n)}
            for n, text in enumerate(texts)]
    for k in range(0, len(rows), 5000):
        db.session.execute(insert(Submission), rows[k:k + 5000])
    return list(db.session.scalars(select(Submission.id).where(Submission.round_id == round_.id,
                                                                Submission.id > before)
                                   .order_by(Submission.id)))


def recognise_one(submission_id: int):
    return grouping.recognise(db.session.get(Submission, submission_id))


def assignment(round_id: int) -> dict[int, int]:
    """{submission id: campaign id} for the round's letters in a campaign."""
    return dict(db.session.execute(
        select(CampaignLetter.submission_id, CampaignLetter.campaign_id).join(Campaign)
        .where(Campaign.round_id == round_id)).all())
