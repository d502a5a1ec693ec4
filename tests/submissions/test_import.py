import json

from sqlalchemy import func, select

from consult import db
from consult.submissions.models import Consent, Submission
from consult.submissions.public_text import author_label
from consult.submissions.states import State

HEADER = "external_id,organisation,stakeholder_group,country,title,summary,language,consent,sessions,received_at,q1,q2\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def count_submissions() -> int:
    return db.session.scalar(select(func.count()).select_from(Submission))


def test_csv_import_validates_every_row_and_can_run_twice(app, runner, make, tmp_path):
    make.round(slug="national-2026")
    make.organisation("Seafarers Union")
    db.session.commit()
    path = write(tmp_path, "post.csv", HEADER
                 + 'L-001,Seafarers Union,trade_union,PH,Letter on fees,By post,en,named,session-1,2026-11-02,"Fees, all of them, must go.",Count us.\n'
                 + "L-002,Barangay Migrant Desk,local_authority,ph,Email from the desk,,en,,,,Local desks help.,Yes.\n"
                 + "L-003,,trade_union,PHL,No organisation,,de,secret,session-9,yesterday,,x\n")

    result = runner.invoke(args=["submissions", "import", path, "--round", "national-2026"])
    assert result.exit_code == 1
    assert "Imported 2, skipped 0 already imported, refused 1." in result.output
    refused = result.output.split("line ")[1]
    for reason in ("organisation is empty", "country 'PHL'", "language 'de'", "consent 'secret'",
                   "session 'session-9'", "q1 is required", "received_at 'yesterday'"):
        assert reason in refused

    submissions = db.session.scalars(select(Submission).order_by(Submission.id)).all()
    assert [s.state for s in submissions] == [State.SUBMITTED, State.SUBMITTED]
    assert all(s.imported for s in submissions)
    letter, email = submissions
    assert letter.organisation.name == "Seafarers Union" and letter.consent == Consent.NAMED
    assert [s.key for s in letter.sessions] == ["session-1"]
    assert letter.submitted_at.date().isoformat() == "2026-11-02"
    assert email.consent == Consent.NOT_PUBLISHED  # nothing is published unless the sender said so
    assert email.organisation.country == "PH" and not email.organisation.is_verified

    again = runner.invoke(args=["submissions", "import", path, "--round", "national-2026"])
    assert "Imported 0, skipped 2 already imported, refused 1." in again.output
    assert count_submissions() == 2


def test_json_import_with_nested_answers(app, runner, make, tmp_path):
    make.round(slug="regional")
    db.session.commit()
    path = write(tmp_path, "mail.json", json.dumps([
        {"external_id": "E-7", "organisation": "Réseau des diasporas", "stakeholder_group": "migrant_diaspora",
         "title": "Contribution reçue par courriel", "language": "fr", "consent": "anonymous",
         "sessions": ["session-1"], "answers": {"q1": "Les envois de fonds coûtent trop cher.", "q2": "Oui."}},
    ], ensure_ascii=False))
    result = runner.invoke(args=["submissions", "import", path, "--round", "regional"])
    assert result.exit_code == 0, result.output
    submission = db.session.scalar(select(Submission))
    assert submission.language == "fr" and submission.consent == Consent.ANONYMOUS
    assert "Les envois de fonds" in submission.answers[0].text


def test_dry_run_stores_nothing(app, runner, make, tmp_path):
    make.round(slug="r")
    db.session.commit()
    path = write(tmp_path, "post.csv", HEADER + "L-1,Org,civil_society,KE,Title,,en,,,,a,b\n")
    result = runner.invoke(args=["submissions", "import", path, "--round", "r", "--dry-run"])
    assert "Would import 1" in result.output
    assert count_submissions() == 0


def test_unreadable_files_and_unknown_rounds_get_a_clear_message(app, runner, make, tmp_path):
    make.round(slug="r")
    db.session.commit()
    latin1 = write(tmp_path, "latin1.csv", HEADER + "L-1,Société,civil_society,FR,Titre,,en,,,,a,b\n", "latin-1")
    assert "is not UTF-8 text" in runner.invoke(args=["submissions", "import", latin1, "--round", "r"]).output
    broken = write(tmp_path, "broken.json", "[{not json")
    assert "is not valid JSON" in runner.invoke(args=["submissions", "import", broken, "--round", "r"]).output
    no_header = write(tmp_path, "plain.csv", "just,some,text\n")
    assert "needs a header row" in runner.invoke(args=["submissions", "import", no_header, "--round", "r"]).output
    ok = write(tmp_path, "ok.csv", HEADER)
    assert "No round with the slug 'nope'" in runner.invoke(args=["submissions", "import", ok, "--round", "nope"]).output
    assert count_submissions() == 0


def test_attachments_come_from_a_folder_and_are_checked_like_uploads(app, runner, make, tmp_path):
    from tests.submissions.documents import pdf

    make.round(slug="r")
    db.session.commit()
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "paper.pdf").write_bytes(pdf())
    (letters / "fake.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
    path = write(tmp_path, "post.csv", HEADER.replace("q1,q2", "attachments,q1,q2")
                 + "L-1,Org One,civil_society,KE,With a paper,,en,,,,paper.pdf,a,b\n"
                 + "L-2,Org Two,civil_society,KE,With HTML,,en,,,,fake.pdf,a,b\n"
                 + "L-3,Org Three,civil_society,KE,Escaping,,en,,,,../post.csv,a,b\n")

    result = runner.invoke(args=["submissions", "import", path, "--round", "r", "--attachments", str(letters)])
    assert "Imported 1, skipped 0 already imported, refused 2." in result.output
    assert "attachment 'fake.pdf': This file is not a document we accept" in result.output
    assert "attachment '../post.csv' is not a file in" in result.output
    [submission] = db.session.scalars(select(Submission)).all()
    [attachment] = submission.attachments
    assert attachment.filename == "paper.pdf" and attachment.content_type == "application/pdf"

    no_folder = runner.invoke(args=["submissions", "import", path, "--round", "r"])
    assert "give the folder that holds them with --attachments" in no_folder.output


PRIVACY_HEADER = ("external_id,organisation,stakeholder_group,country,origin_country,self_description,title,language,"
                  "consent,on_behalf_of,on_behalf_consent,confidential,attachments,q1,q2\n")


def test_individuals_input_on_behalf_and_confidential_parts_are_imported(app, runner, make, tmp_path):
    from tests.submissions.documents import pdf

    round_ = make.round(slug="voices")
    round_.accepts_individuals = True
    db.session.commit()
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "payslips.pdf").write_bytes(pdf("Payslips"))
    path = write(tmp_path, "post.csv", PRIVACY_HEADER
                 + "P-1,,individual,LB,ET,domestic worker,My employer keeps my passport,en,anonymous,,,q1;payslips.pdf,payslips.pdf,"
                   "My employer's name and address.,Let us change employers.\n"
                 + "P-2,Farmworkers Desk,civil_society,ES,,,Seasonal workers' letter,en,named,a group of seasonal workers,"
                   "yes,,,Housing is the first problem.,Yes.\n")
    result = runner.invoke(args=["submissions", "import", path, "--round", "voices", "--attachments", str(letters)])
    assert result.exit_code == 0, result.output
    person, desk = db.session.scalars(select(Submission).order_by(Submission.id)).all()
    profile = person.organisation
    assert profile.is_individual and profile.name == "" and (profile.country, profile.origin_country) == ("LB", "ET")
    assert author_label(person) == "A domestic worker in Lebanon, from Ethiopia"
    assert person.answers[0].confidential and not person.answers[1].confidential
    assert person.attachments[0].confidential
    assert author_label(desk) == "Farmworkers Desk on behalf of a group of seasonal workers"


def test_each_privacy_column_refused_with_its_own_reason(app, runner, make, tmp_path):
    make.round(slug="orgs-only")  # does not accept individuals
    db.session.commit()
    path = write(tmp_path, "post.csv", PRIVACY_HEADER
                 + "P-1,,individual,,ET,,A person,en,,,,,,a,b\n"
                 + "P-2,Desk,civil_society,ES,ET,worker,Sent for others,en,,some workers,maybe,q9,,a,b\n"
                 + "P-3,Desk,civil_society,ES,,,Sent for others,en,,some workers,no,,,a,b\n")
    result = runner.invoke(args=["submissions", "import", path, "--round", "orgs-only"])
    assert result.exit_code == 1 and "Imported 0, skipped 0 already imported, refused 3." in result.output
    first, second, third = result.output.split("line ")[1:4]
    assert "this round does not accept input from individuals" in first
    assert "country is empty: give the country where the individual lives" in first
    assert "origin_country is for individuals only" in second and "self_description is for individuals only" in second
    assert "on_behalf_consent 'maybe' is not yes or no" in second
    assert "confidential 'q9' is neither a question key of this round nor a file in attachments" in second
    assert "on_behalf_of is given but on_behalf_consent is not yes" in third
    assert count_submissions() == 0
