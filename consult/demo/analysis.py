"""The demo's analysis: a codebook begun from a concluded round's sessions, with Global
Compact objectives and SDG targets from the library, passages of its input tagged, published
with its outcome, so that the public and the staff both see what analysis looks like."""
from __future__ import annotations

from sqlalchemy import select

from consult import db
from consult.analysis import services as analysis_services
from consult.analysis.models import Codebook, CodebookOrigin, Stance, Theme
from consult.outcomes.models import Outcome
from consult.rounds.models import Round
from consult.submissions.models import Submission


def load(spec: dict, round_: Round, orgs: dict, convener) -> bool:
    """Returns whether anything was added (nothing when the round already has a codebook)."""
    if db.session.get(Codebook, round_.id) is not None:
        return False
    codebook = analysis_services.start_codebook(round_, actor=convener, origin=CodebookOrigin.SESSIONS)
    analysis_services.import_library(codebook, actor=convener, keys=spec["library"])
    themes = {t.library_key: t for t in db.session.scalars(select(Theme).where(Theme.round_id == round_.id))}
    for session, theme in zip(round_.sessions, sorted((t for t in codebook.themes if t.library_key is None),
                                                      key=lambda t: t.position)):
        themes[f"session:{session.key}"] = theme
    questions = {q.key: q.id for q in round_.questions}
    for item in spec["tags"]:
        submission = db.session.scalar(select(Submission).where(
            Submission.round_id == round_.id, Submission.organisation_id == orgs[item["organisation"]].id))
        part = f"answer:{questions[item['answer']]}" if item["answer"] else ""
        analysis_services.add_tag(submission, actor=convener, theme=themes[item["theme"]], part=part,
                                  passage=item["passage"], stance=Stance(item["stance"]))
    if spec.get("publish"):
        outcome = db.session.scalar(select(Outcome).where(Outcome.round_id == round_.id))
        analysis_services.publish_analysis(codebook, outcome, actor=convener)
    return True
