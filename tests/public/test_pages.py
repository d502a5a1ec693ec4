import re
from datetime import timedelta

from consult import db
from consult.db import utcnow
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import PublicationPolicy, RoundStatus
from consult.submissions.models import Consent
from consult.submissions.states import State
from tests.conftest import login


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_home_lists_open_rounds_first_with_their_deadline(client, make):
    closed = make.round(title="Closed national consultation", opens_at=utcnow() - timedelta(days=30),
                        closes_at=utcnow() - timedelta(days=2))
    soon = make.round(title="Closing soon regional consultation", closes_at=utcnow() + timedelta(days=3, hours=1))
    later = make.round(title="Open global consultation", closes_at=utcnow() + timedelta(days=20))
    make.round(title="Unannounced draft round", status=RoundStatus.DRAFT)
    db.session.commit()

    html = page(client, "/")
    assert "<title>Consultation rounds · Consult</title>" in html
    assert html.index(soon.title) < html.index(later.title) < html.index(closed.title)
    assert "closes in 3 days" in html
    assert "Unannounced draft round" not in html


def test_home_says_so_when_nothing_is_open(client):
    assert "No round is open for input at the moment." in page(client, "/")


def test_round_page_shows_background_questions_sessions_and_deadline(client, make):
    round_ = make.round(title="Labour migration consultation", timezone="Europe/Paris",
                        closes_at=utcnow().replace(month=12, day=12, hour=22, minute=59, second=0, microsecond=0)
                        if utcnow().month < 12 else utcnow() + timedelta(days=5))
    db.session.commit()
    html = page(client, f"/rounds/{round_.slug}")
    assert "<h1>Labour migration consultation</h1>" in html
    assert "<strong>policy</strong>" in html  # background Markdown rendered
    assert "Guiding question 1?" in html and "Guiding question 2?" in html
    assert "Session 1: ethical recruitment" in html
    assert "closes in" in html
    assert "CET" in html  # shown in the round's time zone, with its abbreviation


def test_round_page_counts_public_input_by_stakeholder_group_only(client, make):
    round_ = make.round()
    union = make.organisation("Seafarers Union", group=StakeholderGroup.TRADE_UNION)
    ngo = make.organisation("Migrant Rights Network")
    make.submission(round_, union, title="Fees and debt bondage at sea")
    make.submission(round_, ngo, title="A pending text", state=State.SUBMITTED)
    make.submission(round_, make.organisation(), title="Secret input", consent=Consent.NOT_PUBLISHED)
    db.session.commit()

    html = page(client, f"/rounds/{round_.slug}")
    assert "Fees and debt bondage at sea" in html
    assert "A pending text" not in html and "Secret input" not in html
    assert 'group=trade_union#input-heading">Trade union</a></th><td>1</td>' in html
    assert "Civil society" not in html.split("Published input")[1].split("</table>")[0]


def test_round_page_filters_published_input_by_group_and_session_with_pages(client, make):
    round_ = make.round(sessions=2)
    union = make.organisation("Dock Union", group=StakeholderGroup.TRADE_UNION)
    make.submission(round_, union, title="Union view on fees")
    for i in range(22):
        make.submission(round_, make.organisation(f"NGO {i}"), title=f"NGO view number {i:02d}")
    from consult.submissions.services import save_content
    tagged = make.submission(round_, make.organisation("Tagged NGO"), title="Only in session two")
    save_content(tagged, actor=None, answers={}, sessions=[round_.sessions[1]])
    db.session.commit()

    everything = page(client, f"/rounds/{round_.slug}")
    assert "Page 1 of 2" in everything and everything.count('<article class="card">') == 20
    unions = page(client, f"/rounds/{round_.slug}?group=trade_union")
    assert "Union view on fees" in unions and "NGO view number" not in unions
    assert "1 submission shown — Trade union." in unions
    session_two = page(client, f"/rounds/{round_.slug}?session=session-2")
    assert "Only in session two" in session_two and "Union view on fees" not in session_two
    assert page(client, f"/rounds/{round_.slug}?group=martians&session=nope&page=abc").count("<article") >= 1


def test_round_page_lists_titles_with_redactions_applied(client, make):
    from consult.submissions.models import Redaction, RedactionReason

    round_ = make.round()
    submission = make.submission(round_, make.organisation(), title="Letter from Juana Diaz")
    submission.redactions.append(Redaction(field="title", passage="Juana Diaz", reason=RedactionReason.PERSONAL_DATA))
    db.session.commit()
    html = page(client, f"/rounds/{round_.slug}")
    assert "Juana Diaz" not in html and "Letter from [redacted: personal data]" in html


def test_round_page_links_the_rounds_it_feeds_and_is_fed_by(client, make):
    global_round = make.round(title="Global dialogue")
    national = make.round(title="National consultation in Nepal", feeds_into=global_round)
    make.submission(national, make.organisation())
    db.session.commit()

    html = page(client, f"/rounds/{global_round.slug}")
    assert "National consultation in Nepal" in html and "1 published submission" in html
    assert "Global dialogue" in page(client, f"/rounds/{national.slug}")


def test_draft_round_is_not_found_for_the_public(client, make):
    round_ = make.round(status=RoundStatus.DRAFT)
    db.session.commit()
    page(client, f"/rounds/{round_.slug}", status=404)
    page(client, "/rounds/no-such-round", status=404)


def test_submission_page_shows_answers_under_questions(client, make):
    round_ = make.round()
    submission = make.submission(round_, make.organisation("Kathmandu Migrant Desk"),
                                 answers={"q1": "Make recruitment free.", "q2": "Count returnees."})
    db.session.commit()
    html = page(client, f"/submissions/{submission.reference}")
    assert "Kathmandu Migrant Desk" in html
    assert html.index("Guiding question 1?") < html.index("Make recruitment free.") < html.index("Count returnees.")


def test_anonymous_submission_names_group_and_country_not_the_organisation(client, make):
    round_ = make.round()
    org = make.organisation("Hidden Name Union", group=StakeholderGroup.TRADE_UNION, country="PH")
    submission = make.submission(round_, org, consent=Consent.ANONYMOUS)
    db.session.commit()
    html = page(client, f"/submissions/{submission.reference}")
    assert "Hidden Name Union" not in html
    assert "Anonymous — Trade union, Philippines" in html


def test_approved_input_waits_for_the_close_when_the_round_says_so(client, make):
    round_ = make.round(policy=PublicationPolicy.AT_CLOSE)
    submission = make.submission(round_, make.organisation())
    db.session.commit()
    page(client, f"/submissions/{submission.reference}", status=404)

    round_.closes_at = utcnow() - timedelta(seconds=1)
    round_.opens_at = utcnow() - timedelta(days=3)
    db.session.commit()
    page(client, f"/submissions/{submission.reference}")


def test_html_in_input_is_shown_as_text(client, make):
    round_ = make.round()
    submission = make.submission(round_, make.organisation(), title="<script>alert(1)</script>",
                                 answers={"q1": "<img src=x onerror=alert(1)>", "q2": "fine"})
    db.session.commit()
    html = page(client, f"/submissions/{submission.reference}")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_submission_page_shows_redaction_markers_not_the_passage(client, make):
    from consult.submissions.models import Redaction, RedactionReason

    round_ = make.round()
    submission = make.submission(round_, make.organisation(), answers={"q1": "Ask Juan Perez at the desk.", "q2": "ok"})
    submission.redactions.append(Redaction(field=f"answer:{round_.questions[0].id}", passage="Juan Perez",
                                           reason=RedactionReason.PERSONAL_DATA))
    db.session.commit()
    html = page(client, f"/submissions/{submission.reference}")
    assert "Juan Perez" not in html
    assert "Ask [redacted: personal data] at the desk." in html


def test_home_shows_recent_published_input_only(client, make):
    round_ = make.round()
    make.submission(round_, make.organisation("Visible Union"), title="Decent work for carers")
    make.submission(round_, make.organisation("Pending Org"), title="Not yet reviewed", state=State.SUBMITTED)
    db.session.commit()
    html = page(client, "/")
    assert "Recently published input" in html and "Decent work for carers" in html
    assert "Not yet reviewed" not in html
def test_round_page_says_who_may_submit_and_how(client, make):
    round_ = make.round(title="Who may take part")
    round_.allowed_groups = [StakeholderGroup.TRADE_UNION.value, StakeholderGroup.PRIVATE_SECTOR.value]
    round_.max_attachments = 0
    round_.publication_policy = PublicationPolicy.AT_CLOSE
    db.session.commit()
    html = page(client, f"/rounds/{round_.slug}")
    assert "Who may submit and how" in html
    assert "Private sector and employers" in html and "Trade union" in html
    assert "This round does not accept attachments." in html
    assert "published together when the round closes" in html


def test_submission_page_lists_its_documents_for_download(client, make, app):
    with app.app_context():  # the file is written under the app's UPLOAD_DIR
        submission = make.submission(make.round(), make.organisation())
        attachment = make.attachment(submission, filename="position-paper.pdf")
        db.session.commit()
    html = page(client, f"/submissions/{submission.reference}")
    assert f'href="/attachments/{attachment.id}"' in html and "position-paper.pdf" in html
    download = client.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_printable_compilation_holds_every_published_text_in_full(client, make):
    round_ = make.round()
    make.submission(round_, make.organisation("Printed Union"), title="For the record",
                    answers={"q1": "First answer in full.", "q2": "Second answer in full."})
    make.submission(round_, make.organisation(), title="Still pending", state=State.SUBMITTED)
    db.session.commit()
    html = page(client, f"/rounds/{round_.slug}/print")
    assert "For the record" in html and "First answer in full." in html and "Second answer in full." in html
    assert "Still pending" not in html and "1 submission" in html


def test_home_page_has_a_labelled_search_box(client):
    html = page(client, "/")
    form = re.search(r'<form[^>]*action="/search"[^>]*>(.*?)</form>', html, re.S)
    assert form and 'method="get"' in form.group(0)
    box = re.search(r'<input id="([^"]+)" name="q" type="search"', form.group(1))
    assert box and f'<label for="{box.group(1)}">' in form.group(1)


def test_home_and_round_pages_advertise_their_atom_feeds(client, make):
    round_ = make.round(title="Fed round")
    db.session.commit()
    home_head = page(client, "/").split("</head>")[0]
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="/feeds/submissions.xml">',
                     home_head)
    round_head = page(client, f"/rounds/{round_.slug}").split("</head>")[0]
    assert re.search(rf'<link rel="alternate" type="application/atom\+xml" title="[^"]*Fed round[^"]*" '
                     rf'href="/rounds/{round_.slug}/feed.xml">', round_head)
    assert client.get(f"/rounds/{round_.slug}/feed.xml").status_code == 200


def test_a_draft_round_advertises_no_feed_to_its_convener(client, make):
    convener = make.user()
    draft = make.round(status=RoundStatus.DRAFT, convener=convener)
    login(client, convener)
    db.session.commit()
    head = page(client, f"/rounds/{draft.slug}").split("</head>")[0]
    assert "application/atom+xml" not in head  # its feed would answer 404
