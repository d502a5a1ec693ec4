from datetime import timedelta

from consult import db
from consult.db import utcnow
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import Consent
from consult.submissions.states import State
from tests.conftest import login


def closed_round(make, **kwargs):
    now = utcnow()
    return make.round(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1), **kwargs)


def test_statistics_of_a_closed_round_count_public_input_only(client, make):
    round_ = closed_round(make)
    union = make.organisation("Dockers Union", group=StakeholderGroup.TRADE_UNION, country="KE")
    ngo = make.organisation("Shelter Network", country="PH")
    make.submission(round_, union)
    make.submission(round_, make.organisation("Second Union", group=StakeholderGroup.TRADE_UNION, country="KE"))
    make.submission(round_, ngo)
    make.submission(round_, make.organisation("Pending Employer", group=StakeholderGroup.PRIVATE_SECTOR), state=State.SUBMITTED)
    make.submission(round_, make.organisation("Private Academy", group=StakeholderGroup.ACADEMIA),
                    consent=Consent.NOT_PUBLISHED)
    db.session.commit()

    html = client.get(f"/rounds/{round_.slug}/statistics").get_data(as_text=True)
    assert "3 published submissions; the most came from Trade union (2, 67%)." in html
    assert '<th scope="row">Trade union</th><td>2</td>' in html
    assert '<th scope="row">Kenya</th><td>2</td>' in html
    assert "Private sector" not in html and "Academia" not in html
    assert '<svg class="chart-svg"' in html and 'role="img"' in html


def test_statistics_wait_for_the_close_except_for_conveners(app, make):
    convener = make.user()
    round_ = make.round(convener=convener)
    make.submission(round_, make.organisation())
    db.session.commit()

    public = app.test_client().get(f"/rounds/{round_.slug}/statistics")
    assert public.status_code == 403
    assert "Statistics are published when the round closes" in public.get_data(as_text=True)

    client = app.test_client()
    login(client, convener)
    html = client.get(f"/rounds/{round_.slug}/statistics").get_data(as_text=True)
    assert "shown to its conveners only until it closes" in html


def test_overall_statistics_leave_out_open_rounds(client, make):
    make.submission(closed_round(make), make.organisation("Closed Round Org", country="SN"))
    make.submission(make.round(), make.organisation("Open Round Org", country="MX"))
    db.session.commit()
    html = client.get("/statistics").get_data(as_text=True)
    assert '<th scope="row">Senegal</th>' in html and '<th scope="row">Mexico</th>' not in html


def test_empty_statistics_say_so(client, make):
    round_ = closed_round(make)
    db.session.commit()
    html = client.get(f"/rounds/{round_.slug}/statistics").get_data(as_text=True)
    assert "Nothing has been published yet." in html and "<svg" not in html
