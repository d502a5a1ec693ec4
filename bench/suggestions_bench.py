"""The speed side of ``suggestion_quality.py --timing``: a round of N submissions (texts made
from the shared corpus by ``search_corpus.generate``, as the search benchmark's) and T tags
over 10 themes, in a throwaway SQLite database. Prints the cold build of the round's model,
then p50/p95 of suggestions for one theme with the model cached (the service, and the whole
page through the app), and the overview page cold and warm.

    .venv/bin/python bench/suggestion_quality.py --timing --submissions 10000 --tags 50000
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select

from bench.search_corpus import GROUPS, generate
from consult import create_app, db, migrate
from consult.analysis import suggestions
from consult.analysis.models import Codebook, CodebookOrigin, Stance, Tag, Theme
from consult.analysis.passages import split_passages
from consult.analysis.text_model import VERSION_CHECK_SECONDS, model_of
from consult.auth.models import User, UserRole
from consult.db import utcnow
from consult.organisations.models import Organisation, StakeholderGroup
from consult.rounds.models import Level, Question, Round, RoundStatus
from consult.security import Role
from consult.submissions.models import Answer, Submission
from consult.submissions.states import State

THEMES = 10


def seed(n: int, tags: int) -> tuple[Round, list[Theme], User]:
    now = utcnow()
    orgs = {g: Organisation(name=f"Bench {g}", stakeholder_group=StakeholderGroup(g), country="PH") for g in GROUPS}
    admin = User(email="admin@bench.example", name="Bench", password_hash="-", email_confirmed_at=now)
    admin.role_rows = [UserRole(role=Role.MEMBER), UserRole(role=Role.ADMIN)]
    round_ = Round(slug="bench-analysis", title="Bench analysis", status=RoundStatus.PUBLISHED, reference_prefix="BA",
                   level=Level.GLOBAL,
                   opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1),
                   questions=[Question(key="q1", position=1, text="What should change?", word_limit=5000)])
    db.session.add_all([*orgs.values(), admin, round_])
    db.session.flush()
    question = round_.questions[0]
    bodies = {}
    for i, language, title, body, facets in generate(n):
        submission = Submission(reference=f"BA-{i:06d}", round_id=round_.id, organisation_id=orgs[facets["group"]].id,
                                state=State.SUBMITTED, submitted_at=now, title=title[:300], language=language)
        submission.answers.append(Answer(question_id=question.id, text=body))
        db.session.add(submission)
        bodies[i] = body
        if i % 1000 == 0:
            db.session.flush()
    db.session.add(Codebook(round_id=round_.id, origin=CodebookOrigin.SCRATCH))
    themes = [Theme(round_id=round_.id, title=f"Theme {t}", position=t) for t in range(THEMES)]
    db.session.add_all(themes)
    db.session.flush()
    ids = dict(db.session.execute(select(Submission.reference, Submission.id)).all())
    rng = random.Random(3)
    rows = []
    for t in range(tags):
        number = rng.randint(1, n)
        passage = next(split_passages(bodies[number]), "")
        rows.append(dict(round_id=round_.id, submission_id=ids[f"BA-{number:06d}"], theme_id=themes[t % THEMES].id,
                         part=f"answer:{question.id}", passage=passage, stance=rng.choice(list(Stance)),
                         note="", from_suggestion=False, created_at=now))
    db.session.execute(insert(Tag), rows)
    db.session.commit()
    return round_, themes, admin


def theme_tag_submission(theme: Theme) -> int:
    return db.session.scalar(select(Tag.submission_id).where(Tag.theme_id == theme.id).limit(1))


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms ({len(ordered)} runs)"


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def run(n: int, tags: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}", "UPLOAD_DIR": tmp})
        migrate.upgrade(app)
        with app.app_context():
            start = time.perf_counter()
            round_, themes, admin = seed(n, tags)
            print(f"seeded {n} submissions and {tags} tags in {time.perf_counter() - start:.0f} s")
            cold = timed(lambda: model_of(round_.id))
            model = model_of(round_.id)
            print(f"model built (cold, once per change of the round's input): {cold / 1000:.1f} s; "
                  f"{len(model.passages)} passages, {len(model.texts)} distinct, "
                  f"{model.matrix.shape[1]} terms, {model.matrix.nnz} non-zeros")
            first = [timed(lambda t=t: suggestions.suggestions_for(t)) for t in themes]
            print(f"suggestions for one theme, first time after its tags changed "
                  f"({tags // THEMES} tags each): {percentiles(first)}")
            again = [timed(lambda t=t: suggestions.suggestions_for(t)) for _ in range(3) for t in themes]
            print(f"suggestions for one theme, asked again (service): {percentiles(again)}")
            folded = []
            for theme in themes:  # what a confirmation costs the next request: one example folded in
                db.session.add(Tag(round_id=round_.id, submission_id=theme_tag_submission(theme), theme_id=theme.id,
                                   part="", passage="", stance=Stance.NEUTRAL))
                db.session.commit()
                folded.append(timed(lambda t=theme: suggestions.suggestions_for(t)))
            print(f"suggestions for one theme, after one more tag: {percentiles(folded)}")
            time.sleep(VERSION_CHECK_SECONDS)
            checked = [timed(lambda t=t: suggestions.suggestions_for(t)) for t in themes
                       if time.sleep(VERSION_CHECK_SECONDS) is None]
            print(f"... with the round's input version compared each time: {percentiles(checked)}")
            slug, theme_ids, user_id = round_.slug, [t.id for t in themes], admin.get_id()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user_id, True
        pages = []
        for _ in range(2):
            for theme_id in theme_ids:
                ms = timed(lambda: client.get(f"/rounds/{slug}/analysis/themes/{theme_id}/suggestions"))
                pages.append(ms)
        print(f"suggestions page for one theme (whole request, asked again): {percentiles(pages)}")
        overview_cold = timed(lambda: client.get(f"/rounds/{slug}/analysis/overview"))
        overview_warm = [timed(lambda: client.get(f"/rounds/{slug}/analysis/overview")) for _ in range(10)]
        print(f"overview page: first {overview_cold:.0f} ms (model cached), then {percentiles(overview_warm)}")
