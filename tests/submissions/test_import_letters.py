"""Letters received by post: a whole text that follows no form, imported into any round."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from consult import db
from consult.auth.models import User
from consult.demo import loader
from consult.moderation import services as moderation_services
from consult.public import statistics
from consult.rounds.models import Round
from consult.search import indexer
from consult.submissions import services as submission_services
from consult.submissions.models import RedactionReason, Submission
from consult.submissions.states import Action, State
from tests.conftest import login

CORPUS = Path("/work/shared/corpus/public-comments.jsonl")
GLOBAL_ROUND = "hld-2013-rt3"  # the demo's global round: four required questions
COLUMNS = ["external_id", "organisation", "stakeholder_group", "country", "title", "language", "consent", "letter"]


def real_letters(count: int) -> list[str]:
    """Real comments sent to a public consultation, with their line breaks and typos; each
    its own text, not a copy of another's campaign letter (those would be grouped)."""
    if not CORPUS.exists():
        pytest.skip("the shared corpus of real public comments is not on this machine")
    texts, vocabularies = [], []
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            words = set(text.lower().split())
            if 800 < len(text) < 3000 and "\n\n" in text.replace("\r\n", "\n") and \
                    all(len(words & other) < 0.3 * len(words | other) for other in vocabularies):
                texts.append(text)
                vocabularies.append(words)
            if len(texts) == count:
                return texts
    raise AssertionError("the corpus has too few letters")


def demo_round(app) -> Round:
    with app.test_request_context():
        loader.load()
        db.session.commit()
    round_ = db.session.scalar(select(Round).where(Round.slug == GLOBAL_ROUND))
    assert sum(q.required for q in round_.questions) == 4
    db.session.commit()  # end this read: the import command writes from a session of its own
    return round_


def write_csv(tmp_path, rows: list[dict], columns=COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "letters.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return str(path)


def letter_row(n: int, text: str, **extra) -> dict:
    return {"external_id": f"POST-{n}", "organisation": f"Citizens' Letter Circle {n}",
            "stakeholder_group": "civil_society", "country": "KE", "title": f"Letter received by post no. {n}",
            "language": "en", "consent": "named", "letter": text, **extra}


def publish(submissions) -> None:
    for submission in submissions:
        submission_services.transition(submission, Action.PUBLISH, actor=None)
    db.session.commit()


def test_real_letters_are_imported_into_a_round_with_required_questions(app, runner, tmp_path):
    round_ = demo_round(app)
    texts = real_letters(3)
    path = write_csv(tmp_path, [letter_row(n, text) for n, text in enumerate(texts, start=1)]
                     + [letter_row(9, "", title="Neither a letter nor answers")])

    result = runner.invoke(args=["submissions", "import", path, "--round", GLOBAL_ROUND])

    assert "Imported 3, skipped 0 already imported, refused 1." in result.output
    assert "q1 is required and empty" in result.output and "letter" in result.output.split("refused 1.")[1]
    imported = db.session.scalars(select(Submission).where(Submission.external_ref.like("POST-%"))
                                  .order_by(Submission.external_ref)).all()
    assert [s.state for s in imported] == [State.SUBMITTED] * 3
    first = texts[0].replace("\r\n", "\n")
    assert imported[0].letter == first  # every word and paragraph break of the letter is kept
    assert not imported[0].answers
    assert imported[0].versions[-1].letter == first  # what was received, kept as a version
    assert round_.id == imported[0].round_id


def test_a_letter_in_json_with_some_answers_is_imported(app, runner, tmp_path):
    demo_round(app)
    [text] = real_letters(1)
    path = tmp_path / "mail.json"
    path.write_text(json.dumps([{**letter_row(1, text), "answers": {"q2": "Partnerships with local groups."}}]),
                    encoding="utf-8")

    result = runner.invoke(args=["submissions", "import", str(path), "--round", GLOBAL_ROUND])

    assert result.exit_code == 0, result.output
    submission = db.session.scalar(select(Submission).where(Submission.external_ref == "POST-1"))
    assert submission.letter.split("\n")[0] == text.split("\r\n")[0]
    assert [a.text for a in submission.answers] == ["Partnerships with local groups."]


def test_a_published_letter_is_shown_exported_searchable_redactable_and_counted(app, client, runner, make, tmp_path):
    round_ = demo_round(app)
    texts = real_letters(2)
    runner.invoke(args=["submissions", "import", write_csv(tmp_path, [letter_row(n, t) for n, t in enumerate(texts, 1)]),
                        "--round", GLOBAL_ROUND])
    letters = db.session.scalars(select(Submission).where(Submission.external_ref.like("POST-%"))
                                 .order_by(Submission.external_ref)).all()
    before = {s.key: s.total for s in statistics.round_statistics(round_)}
    publish(letters)
    letter = letters[0]
    paragraphs = [p.strip() for p in letter.letter.split("\n\n") if p.strip()]
    withheld = paragraphs[1].split(".")[0][:40].strip()
    moderation_services.add_redaction(letter, actor=None, field="letter", passage=withheld,
                                      reason=RedactionReason.PERSONAL_DATA)
    db.session.commit()
    with app.app_context():
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)

    page = client.get(f"/submissions/{letter.reference}").get_data(as_text=True)
    assert ">Letter</h2>" in page
    assert round_.questions[0].text not in page  # no per-question answers for a letter
    assert paragraphs[0][:60].replace("'", "&#39;") in page
    assert withheld not in page and "[redacted: personal data]" in page

    exported = list(csv.DictReader(io.StringIO(client.get(f"/rounds/{GLOBAL_ROUND}/export.csv").get_data(as_text=True))))
    by_reference = {row["reference"]: row for row in exported}
    assert paragraphs[0][:60] in by_reference[letter.reference]["letter"]
    assert withheld not in by_reference[letter.reference]["letter"]
    assert by_reference[letter.reference]["q1"] == ""
    as_json = json.loads(client.get(f"/rounds/{GLOBAL_ROUND}/export.json").get_data(as_text=True))
    assert any(s["letter"].startswith(paragraphs[0][:40]) for s in as_json["submissions"])
    api = client.get(f"/api/v1/submissions/{letter.reference}").get_json()
    assert api["letter"].startswith(paragraphs[0][:40]) and withheld not in api["letter"]

    unique_word = next(w for w in letters[1].letter.split() if w.isalpha() and len(w) > 9)
    found = client.get("/search", query_string={"q": unique_word}).get_data(as_text=True)
    assert letters[1].reference in found or "Letter received by post no. 2" in found
    hidden = client.get("/search", query_string={"q": f'"{withheld}"'}).get_data(as_text=True)
    assert "Letter received by post no. 1" not in hidden

    after = {s.key: s.total for s in statistics.round_statistics(round_)}
    assert after["groups"] == before["groups"] + 2
    assert after["countries"] == before["countries"] + 2


def test_moderators_review_a_letter_and_its_sender_can_print_what_was_received(app, client, runner, make, tmp_path):
    demo_round(app)
    [text] = real_letters(1)
    runner.invoke(args=["submissions", "import", write_csv(tmp_path, [letter_row(1, text)]), "--round", GLOBAL_ROUND])
    letter = db.session.scalar(select(Submission).where(Submission.external_ref == "POST-1"))
    first_line = letter.letter.split("\n")[0]

    login(client, db.session.scalar(select(User).where(User.email == "moderator@consult.example")))
    review = client.get(f"/moderation/submissions/{letter.id}").get_data(as_text=True)
    assert ">Letter<" in review and first_line[:40].replace("'", "&#39;") in review
    assert '<option value="letter">Letter</option>' in review  # a passage of it can be redacted
    word = next(w for w in letter.letter.split() if w.isalpha() and len(w) > 9)
    queue = client.get(f"/moderation/rounds/{GLOBAL_ROUND}", query_string={"q": word}).get_data(as_text=True)
    assert "Letter received by post no. 1" in queue  # moderators find it by its words too

    member = make.user(organisation=letter.organisation)
    db.session.commit()
    login(client, member)
    printed = client.get(f"/my/submissions/{letter.reference}/versions/1").get_data(as_text=True)
    assert ">Letter</h2>" in printed and first_line[:40].replace("'", "&#39;") in printed
