import csv
import io
import json

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import Consent, Redaction, RedactionReason
from consult.submissions.states import State


def seed(make):
    round_ = make.round(slug="labour-2026")
    union = make.organisation("Seafarers Union", group=StakeholderGroup.TRADE_UNION, country="PH")
    named = make.submission(round_, union, title="Fees at sea",
                            answers={"q1": "Call Ana Cruz on 0917 555 0101.", "q2": "=HYPERLINK(\"http://x\")"})
    named.redactions.append(Redaction(field=f"answer:{round_.questions[0].id}", passage="Ana Cruz on 0917 555 0101",
                                      reason=RedactionReason.PERSONAL_DATA))
    make.submission(round_, make.organisation("Quiet Collective", country="NP"), title="Anonymous view",
                    consent=Consent.ANONYMOUS)
    make.submission(round_, make.organisation("Pending Org"), title="Pending text", state=State.SUBMITTED)
    make.submission(round_, make.organisation("Hidden Org"), title="Hidden text", state=State.HIDDEN)
    make.submission(round_, make.organisation("Private Org"), title="Private text", consent=Consent.NOT_PUBLISHED)
    db.session.commit()
    return round_


def test_json_export_holds_public_fields_of_public_submissions_only(client, make):
    seed(make)
    data = json.loads(client.get("/rounds/labour-2026/export.json").get_data(as_text=True))
    assert data["count"] == 2
    by_title = {s["title"]: s for s in data["submissions"]}
    assert set(by_title) == {"Fees at sea", "Anonymous view"}
    assert by_title["Fees at sea"]["organisation"] == "Seafarers Union"
    assert by_title["Fees at sea"]["answers"]["q1"] == "Call [redacted: personal data]."
    assert by_title["Anonymous view"]["organisation"] == "" and by_title["Anonymous view"]["country"] == "NP"
    text = json.dumps(data)
    for secret in ("Ana Cruz", "Pending", "Hidden", "Private", "Quiet Collective", "@test.example"):
        assert secret not in text


def test_csv_export_has_a_column_per_question_and_defuses_formulas(client, make):
    seed(make)
    response = client.get("/rounds/labour-2026/export.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="labour-2026-submissions.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2 and {"q1", "q2", "reference", "stakeholder_group"} <= set(rows[0])
    fees = next(r for r in rows if r["title"] == "Fees at sea")
    assert fees["q2"].startswith("'=HYPERLINK")


def test_feeds_list_newly_published_input_and_answer_conditional_requests(client, make):
    seed(make)
    response = client.get("/rounds/labour-2026/feed.xml")
    xml = response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    assert xml.count("<entry>") == 2 and "Fees at sea" in xml
    assert "<name>Anonymous — Civil society / NGO, Nepal</name>" in xml
    assert "Pending text" not in xml and "Ana Cruz" not in xml
    again = client.get("/rounds/labour-2026/feed.xml", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_unknown_export_format_and_round_are_not_found(client, make):
    seed(make)
    assert client.get("/rounds/labour-2026/export.xlsx").status_code == 404
    assert client.get("/rounds/nope/export.csv").status_code == 404


def test_data_dictionary_explains_every_field(client, make):
    seed(make)
    html = client.get("/open-data").get_data(as_text=True)
    for field in ("reference", "stakeholder_group", "answers", "published_at"):
        assert f"<code>{field}</code>" in html
    assert "/rounds/labour-2026/export.csv" in html
