"""How long one decision on a whole campaign takes, and how many queries it costs.

    .venv/bin/python bench/campaign_decision.py --letters 500 2000

Builds a throwaway SQLite database (or uses --database-url) with one round, a moderator and
a campaign of N letters, each from its own sender with one member to notify, then times
``campaigns.services.decide`` (publish) and the commit, as the campaign page's POST runs them,
then each ``apply_part`` its page's "Continue" runs until every letter is decided: every
letter gets its decision record, audit row, outbox entry and email.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # config.py sits at the top

from config import Config  # noqa: E402
from consult import create_app, db, migrate  # noqa: E402
from consult.auth.models import User, UserRole  # noqa: E402
from consult.campaigns import queries, services  # noqa: E402
from consult.campaigns.models import Campaign, CampaignLetter  # noqa: E402
from consult.db import utcnow  # noqa: E402
from consult.organisations.models import Membership, MembershipRole, Organisation, StakeholderGroup  # noqa: E402
from consult.rounds.models import Level, Round, RoundStaff, RoundStatus, StaffRole  # noqa: E402
from consult.security import Role  # noqa: E402
from consult.submissions.models import Submission  # noqa: E402
from consult.submissions.states import Action, State  # noqa: E402

TEMPLATE = ("Recruitment fees trap migrant workers in debt. We ask the government to ban them, to license "
            "recruiters and to make employers liable when their recruiters charge workers. ") * 3


def fill(n: int, tag: str) -> tuple[Campaign, User]:
    now = utcnow()
    moderator = User(email=f"moderator-{tag}@bench.example", name="Moderator", password_hash="x",
                     email_confirmed_at=now)
    moderator.role_rows = [UserRole(role=Role.MODERATOR)]
    round_ = Round(slug=f"bench-{tag}", title="Bench round", level=Level.GLOBAL, opens_at=now - timedelta(days=30),
                   closes_at=now + timedelta(days=30), status=RoundStatus.PUBLISHED, reference_prefix=f"B{tag}")
    round_.staff.append(RoundStaff(user=moderator, role=StaffRole.MODERATOR))
    db.session.add(round_)
    letters = []
    for i in range(n):
        sender = Organisation(name=f"Sender {tag}-{i}", stakeholder_group=StakeholderGroup.CIVIL_SOCIETY, country="PH")
        member = User(email=f"sender-{tag}-{i}@bench.example", name=f"Sender {i}", password_hash="x",
                      email_confirmed_at=now)
        sender.memberships.append(Membership(user=member, role=MembershipRole.OWNER))
        letters.append(Submission(reference=f"B{tag}-{i:06d}", round=round_, organisation=sender,
                                  state=State.SUBMITTED, title="Ban recruitment fees", submitted_at=now,
                                  letter=TEMPLATE + ("\n\nMy own story." if i % 10 == 0 else ""), imported=True))
    db.session.add_all(letters)
    db.session.flush()
    campaign = Campaign(round=round_, number=1, template_submission_id=letters[1].id, template_text=TEMPLATE,
                        letters_count=n, own_words_count=n // 10)
    db.session.add(campaign)
    db.session.flush()
    db.session.add_all(CampaignLetter(submission_id=s.id, campaign_id=campaign.id,
                                      own_words="My own story." if i % 10 == 0 else "") for i, s in enumerate(letters))
    db.session.commit()
    return campaign, moderator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"DATABASE_URL": url, "CAMPAIGN_DECISION_SECONDS": Config.CAMPAIGN_DECISION_SECONDS})
    migrate.upgrade(app)
    statements = [0]
    event.listen(app.extensions["db_engine"], "before_cursor_execute",
                 lambda *_args: statements.__setitem__(0, statements[0] + 1))
    for n in args.letters:
        with app.test_request_context():
            campaign, moderator = fill(n, str(n))
            fingerprint, _waiting = queries.current_fingerprint(campaign)
            statements[0] = 0
            requests, start, cpu = [], time.perf_counter(), time.process_time()
            decision = services.decide(campaign, Action.PUBLISH, actor=moderator, expected_fingerprint=fingerprint)
            db.session.commit()
            requests.append(time.perf_counter() - start)
            while decision.finished_at is None:  # what the page's "Continue" does, one request each
                begin = time.perf_counter()
                services.apply_part(decision, actor=moderator)
                db.session.commit()
                requests.append(time.perf_counter() - begin)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            # CPU time too: on a shared machine the wall time mostly measures waiting for a core.
            print(f"{n:>6} letters: {decision.applied} published, {decision.skipped} skipped in {len(requests)} "
                  f"requests of at most {max(requests):.1f} s (CAMPAIGN_DECISION_SECONDS "
                  f"{app.config['CAMPAIGN_DECISION_SECONDS']}); {seconds:.2f} s wall, {cpu:.2f} s CPU "
                  f"({1000 * cpu / n:.1f} ms CPU a letter), {statements[0]} statements ({statements[0] / n:.1f} a letter)")

if __name__ == "__main__":
    main()
