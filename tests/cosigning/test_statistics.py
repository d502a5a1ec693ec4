"""Statistics count co-signed input for every confirmed co-signer's stakeholder group and
country, once per group, and never for an invitation that was not confirmed."""
from __future__ import annotations

from datetime import timedelta

from consult import db
from consult.cosigning.models import CosignatureState
from consult.db import utcnow
from consult.organisations.models import StakeholderGroup
from consult.submissions.round_stats import dashboard_stats
from consult.submissions.states import State


def coalition_round(make):
    """A closed round: a Kenyan union's input co-signed by a Philippine NGO and a second Kenyan
    union (confirmed), with a Senegalese academy invited and a Mexican employer that declined."""
    now = utcnow()
    round_ = make.round(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    lead = make.organisation("Dockers Union", group=StakeholderGroup.TRADE_UNION, country="KE")
    submission = make.submission(round_, lead)
    confirmed = [make.organisation("Shelter Network", country="PH"),
                 make.organisation("Second Union", group=StakeholderGroup.TRADE_UNION, country="KE")]
    for org in confirmed:
        make.cosignature(submission, org, state=CosignatureState.CONFIRMED, answered_by=make.user(organisation=org))
    make.cosignature(submission, make.organisation("Quiet Academy", group=StakeholderGroup.ACADEMIA, country="SN"))
    employer = make.organisation("Employers", group=StakeholderGroup.PRIVATE_SECTOR, country="MX")
    make.cosignature(submission, employer, state=CosignatureState.DECLINED, answered_by=make.user(organisation=employer))
    make.submission(round_, make.organisation("Lone Network", country="PH"))
    return round_, submission


def test_the_statistics_page_counts_each_confirmed_cosigners_group_and_country(client, make):
    round_, _submission = coalition_round(make)
    db.session.commit()
    html = client.get(f"/rounds/{round_.slug}/statistics").get_data(as_text=True)
    # Two submissions; the co-signed one counts for trade unions (once, though two signed) and NGOs.
    assert '<th scope="row">Trade union</th><td>1</td>' in html
    assert '<th scope="row">Civil society / NGO</th><td>2</td>' in html
    assert '<th scope="row">Kenya</th><td>1</td>' in html and '<th scope="row">Philippines</th><td>2</td>' in html
    assert "Academia" not in html and "Senegal" not in html and "Private sector" not in html and "Mexico" not in html
    assert "2 published submissions; the most came from Civil society / NGO (2, 100%)." in html
    assert "1 of them is co-signed: it counts for the lead organisation and for each co-signer." in html
    overall = client.get("/statistics").get_data(as_text=True)
    assert '<th scope="row">Philippines</th><td>2</td>' in overall


def test_the_conveners_dashboard_counts_received_input_for_each_cosigners_group(make):
    round_, submission = coalition_round(make)
    make.submission(round_, make.organisation("Draft Academy", group=StakeholderGroup.ACADEMIA), state=State.DRAFT)
    db.session.flush()
    stats = dashboard_stats([round_])[0]
    assert stats.by_group == {StakeholderGroup.TRADE_UNION: 1, StakeholderGroup.CIVIL_SOCIETY: 2}
    assert StakeholderGroup.ACADEMIA in stats.silent_groups


def test_unpublished_cosigned_input_is_not_counted(client, make):
    round_, submission = coalition_round(make)
    submission.state = State.HIDDEN
    db.session.commit()
    html = client.get(f"/rounds/{round_.slug}/statistics").get_data(as_text=True)
    assert '<th scope="row">Civil society / NGO</th><td>1</td>' in html and "Trade union" not in html
    assert "co-signed" not in html
