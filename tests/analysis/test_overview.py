"""The first-read overview through its page: per stakeholder group and per theme, the key
phrases of the input and its campaign letters against distinct submissions."""
from __future__ import annotations

import html
import re

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.security import Role
from consult.submissions.states import State
from tests.analysis import suggestion_factories as analysis
from tests.outcomes.helpers import signed_in, text_of

CAMPAIGN = "Stop the deportation of seasonal farm workers who report abuse to the labour inspectors."


def row(page: str, label: str) -> list[str]:
    """The cells of the table row headed ``label``."""
    match = re.search(r"<tr>\s*<th scope=\"row\">(?:<span[^>]*>[^<]*</span>)?" + re.escape(label)
                      + r"</th>(.*?)</tr>", page, re.S)
    assert match, label
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", match.group(1), re.S)]


def test_overview_counts_campaign_letters_and_distinct_input_per_group_and_theme(app, make):
    convener = make.user(Role.CONVENER)
    moderator = make.user(Role.MODERATOR)
    round_ = make.round(convener=convener, moderator=moderator, questions=1)
    union = make.organisation("Farm Workers Union", group=StakeholderGroup.TRADE_UNION)
    employers = make.organisation("Growers Association", group=StakeholderGroup.PRIVATE_SECTOR)
    letters = [make.submission(round_, union, answers={"q1": CAMPAIGN}, state=State.SUBMITTED) for _ in range(3)]
    own = make.submission(round_, union, answers={"q1": "Labour inspectors must visit farms without notice "
                                                         "and protect seasonal workers who complain."})
    make.submission(round_, employers, answers={"q1": "Visa processing delays leave harvests "
                                                     "rotting: seasonal visas should be issued in weeks."})
    make.submission(round_, employers, state=State.REJECTED, answers={"q1": "Buy our fertiliser now."})
    assert all(letter.campaign_letter is not None for letter in letters)  # recognised as they arrived
    inspection = analysis.theme(round_, "Labour inspection")
    analysis.theme(round_, "Visas")
    for submission in (*letters[:2], own):
        analysis.tag(inspection, submission)
    db.session.commit()

    page = html.unescape(text_of(signed_in(app, moderator), f"/rounds/{round_.slug}/analysis/overview"))
    assert "5 submissions received: 3 campaign letters, 2 distinct submissions." in page
    union_row = row(page, "Trade union")
    assert union_row[:3] == ["4", "3", "1"]
    assert "labour inspectors" in union_row[3]
    growers_row = row(page, "Private sector and employers")
    assert growers_row[:3] == ["1", "0", "1"] and "visa processing" in growers_row[3]
    assert "fertiliser" not in page  # rejected input is not read
    inspection_row = row(page, "Labour inspection")
    assert inspection_row[:3] == ["3", "2", "1"] and "labour inspectors" in inspection_row[3]
    assert row(page, "Visas")[:4] == ["0", "0", "0", "none yet"]
    assert f"/rounds/{round_.slug}/analysis/themes/{inspection.id}/suggestions" in page


def test_a_round_without_a_codebook_still_shows_its_groups(app, make):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, questions=1)
    make.submission(round_, make.organisation(), answers={"q1": "Remittance costs should fall below three percent."})
    db.session.commit()
    page = html.unescape(text_of(signed_in(app, convener), f"/rounds/{round_.slug}/analysis/overview"))
    assert "This round has no codebook yet" in page
    assert "remittance costs" in row(page, "Civil society / NGO")[3]
