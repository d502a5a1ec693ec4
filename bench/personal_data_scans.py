"""What the review page's personal-data flags cost with a long attached paper, before and
after the findings are kept per text version (consult/moderation/scans.py).

    .venv/bin/python bench/personal_data_scans.py --megabytes 1

Builds a throwaway SQLite database, one submission with one attachment whose text is
``--megabytes`` of the seed corpus (or of a stock paragraph) with a few phone numbers and
emails planted, and times ``flags.flags(submission)`` — what each view of the review page
runs — when nothing is kept (every view before this change), on the first view (scanned and
kept in the worker's memory), on later views, and when the indexer kept the scan.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # config.py sits at the top
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the labelled set's corpus reader

from consult import create_app, db, migrate  # noqa: E402
from consult.db import utcnow  # noqa: E402
from consult.moderation import flags, scans  # noqa: E402
from consult.moderation.personal_data import find  # noqa: E402
from consult.organisations.models import Organisation, StakeholderGroup  # noqa: E402
from consult.rounds.models import Level, Round, RoundStatus  # noqa: E402
from consult.submissions.models import Attachment, Submission  # noqa: E402
from consult.submissions.states import State  # noqa: E402
from personal_data_set import CORPUS, corpus_sentences  # noqa: E402

PARAGRAPH = ("Recruitment fees push migrant workers into debt before they leave home; the agencies that "
             "charge them change their names when a licence is withdrawn. ")
PLANTED = " Call the help desk on +961 3 123 456 or write to help.desk@example.org. "


def paper(megabytes: float) -> str:
    """Sentences of the public comments in ../shared/corpus/ (a stock paragraph without it)."""
    source = " ".join(corpus_sentences(2000)) if CORPUS.exists() else PARAGRAPH * 100
    target = int(megabytes * 1024 * 1024)
    text = (source * (target // len(source) + 1))[:target]
    step = max(1, len(text) // 20)
    return "".join(text[i:i + step] + PLANTED for i in range(0, len(text), step))


def fill(text: str) -> Submission:
    now = utcnow()
    round_ = Round(slug="bench", title="Bench round", level=Level.GLOBAL, opens_at=now - timedelta(days=3),
                   closes_at=now + timedelta(days=3), status=RoundStatus.PUBLISHED, reference_prefix="B", country="LB")
    org = Organisation(name="Bench union", stakeholder_group=StakeholderGroup.TRADE_UNION, country="PH")
    submission = Submission(reference="B-1", round=round_, organisation=org, state=State.SUBMITTED, submitted_at=now,
                            title="A long paper", summary="See the paper.")
    submission.attachments = [Attachment(filename="paper.txt", content_type="text/plain", size=len(text),
                                         sha256="0" * 64, storage_key="00/" + "0" * 32, extracted_text=text)]
    db.session.add(submission)
    db.session.commit()
    return submission


def timed(label: str, fn, repeat: int) -> None:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        found = fn()
        runs.append((time.perf_counter() - start) * 1000)
    print(f"{label:<52} {statistics.median(runs):9.1f} ms (median of {repeat}), {len(found)} flags")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = create_app({"DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/bench.db"})
    migrate.upgrade(app)
    with app.test_request_context():
        text = paper(args.megabytes)
        submission = fill(text)
        regions = flags.regions(submission)
        print(f"attachment text: {len(text) / 1024 / 1024:.2f} MB")
        timed("no kept scan (each view before this change)", lambda: find(text, regions), args.repeat)

        def first_view():
            scans._memory.clear()
            return flags.flags(submission)

        timed("first view (scans, keeps it in the worker)", first_view, args.repeat)
        timed("later views (kept in the worker's memory)", lambda: flags.flags(submission), args.repeat)
        scans.remember(text, regions)  # what the indexer does when it reads the file
        db.session.commit()

        def any_worker():
            scans._memory.clear()
            return flags.flags(submission)

        timed("any view after the indexer kept the scan", any_worker, args.repeat)


if __name__ == "__main__":
    main()
