"""Traceable outcomes through the pages: a convener cites tagged passages in a recommendation
and a session summary; the published outcome shows them (public passages only, redacted)
with the stakeholder groups behind each recommendation."""
from __future__ import annotations

import re

import pytest

from sqlalchemy import func, select

from consult import db
from consult.analysis.models import Citation, Stance
from consult.organisations.models import StakeholderGroup
from consult.security import Role
from consult.submissions.models import Consent
from tests.analysis.matrix_factories import codebook, tag
from tests.outcomes.helpers import fresh, post, signed_in, text_of


@pytest.fixture()
def world(app, make):
    w = type("World", (), {})()
    w.convener, w.moderator = make.user(Role.CONVENER), make.user(Role.MODERATOR)
    w.round = make.closed_round(convener=w.convener, moderator=w.moderator, slug="rt3")
    w.ngo = make.organisation("Migrant Rights PH")
    w.union = make.organisation("Builders Union", group=StakeholderGroup.TRADE_UNION)
    w.employer = make.organisation("Employers Forum", group=StakeholderGroup.PRIVATE_SECTOR)
    w.s_ngo = make.submission(w.round, w.ngo, answers={"q1": "Ban fees now, said Maria Lopez.", "q2": "Yes."})
    w.s_union = make.submission(w.round, w.union, consent=Consent.NOT_PUBLISHED)
    w.s_employer = make.submission(w.round, w.employer)
    make.redaction(w.s_ngo, "Maria Lopez", field=f"answer:{w.round.questions[0].id}")
    (w.fees,) = codebook(w.round, "Recruitment fees")
    w.outcome = make.outcome(w.round)
    w.recommendation = w.outcome.recommendations[0]
    w.synthesis = w.outcome.syntheses[0]
    w.t_ngo = tag(w.s_ngo, w.fees, Stance.SUPPORTS, part=f"answer:{w.round.questions[0].id}",
                  passage="Ban fees now, said Maria Lopez.")
    w.t_union = tag(w.s_union, w.fees, Stance.SUPPORTS, passage="Unions back a ban on fees.", part="summary")
    # an employer's stance towards the draft recommendation itself, without a citation
    tag(w.s_employer, w.fees, Stance.OPPOSES, recommendation=w.recommendation)
    db.session.commit()
    return w


def cite(client, url, theme, *tags, status=302):
    response = post(client, f"{url}?theme={theme.id}", {"tags": [str(t.id) for t in tags]})
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response


def test_a_convener_cites_passages_and_removes_one(app, world):
    client = signed_in(app, world.convener)
    url = f"/recommendations/{world.recommendation.id}/citations"
    picker = text_of(client, f"{url}?theme={world.fees.id}")
    assert "Ban fees now, said Maria Lopez." in picker and "Unions back a ban on fees." in picker
    cite(client, url, world.fees, world.t_ngo, world.t_union)
    page = text_of(client, url)
    assert "2 passages cited." in page and "not public: the public will not see this passage" in page
    citation = db.session.scalar(select(Citation).where(Citation.tag_id == world.t_union.id))
    response = post(client, f"{url}/{citation.id}/remove")
    assert response.status_code == 302
    fresh()
    page = text_of(client, url)
    assert "The passage is no longer cited." in page
    cited = page.split('id="cited-heading"')[1].split('id="pick-heading"')[0]
    assert "Unions back a ban" not in cited and "Ban fees now" in cited


def test_citing_nothing_says_what_to_do(app, world):
    client = signed_in(app, world.convener)
    response = cite(client, f"/recommendations/{world.recommendation.id}/citations", world.fees, status=422)
    assert "Tick at least one passage to cite." in response.get_data(as_text=True)


def test_the_published_outcome_shows_public_passages_redacted_and_the_groups_behind(app, world):
    client = signed_in(app, world.convener)
    cite(client, f"/recommendations/{world.recommendation.id}/citations", world.fees, world.t_ngo, world.t_union)
    cite(client, f"/syntheses/{world.synthesis.id}/citations", world.fees, world.t_ngo)
    draft = text_of(client, "/rounds/rt3/outcome")
    assert "Unions back a ban on fees." in draft  # the conveners see every cited passage
    assert post(client, "/rounds/rt3/outcome/publish").status_code == 302
    public = text_of(app.test_client(), "/rounds/rt3/outcome")
    section = public.split(f'id="evidence-recommendation-{world.recommendation.id}"')[1].split("</section>")[0]
    assert "Ban fees now, said [redacted: personal data]." in section and "Maria" not in public
    assert "Unions back a ban" not in public
    assert "1 further cited passage comes from input that is not public." in section
    rows = {tuple(re.findall(r">([^<>]+)</t[hd]>", r)) for r in re.findall(r"<tr><th scope=\"row\">.*?</tr>", section)}
    # columns: supports, opposes, mixed, neutral; the union's input is not public
    assert rows == {("Civil society / NGO", "1", "0", "0", "0"), ("Private sector and employers", "0", "1", "0", "0")}
    summary = public.split(f'id="evidence-synthesis-{world.synthesis.id}"')[1].split("</section>")[0]
    assert "Ban fees now, said [redacted: personal data]." in summary
    on_its_page = text_of(app.test_client(), f"/recommendations/{world.recommendation.id}")
    assert "Ban fees now, said [redacted: personal data]." in on_its_page


def test_a_draft_outcome_shows_no_citation_to_anyone_else(app, make, world):
    db.session.add(Citation(tag=world.t_ngo, recommendation=world.recommendation))
    db.session.commit()
    assert app.test_client().get("/rounds/rt3/outcome").status_code == 404
    assert app.test_client().get(f"/recommendations/{world.recommendation.id}").status_code == 404


def test_only_the_rounds_conveners_cite(app, make, world):
    url = f"/recommendations/{world.recommendation.id}/citations"
    other = make.user(Role.CONVENER)
    make.closed_round(convener=other)
    db.session.commit()
    assert signed_in(app, world.moderator).get(url).status_code == 404  # a draft outcome is the conveners'
    assert signed_in(app, other).get(url).status_code == 404  # a draft outcome of another round
    assert app.test_client().get(url).status_code == 302  # to log in


def test_a_passage_of_another_round_cannot_be_cited(app, make, world):
    other = make.closed_round(convener=world.convener)
    (elsewhere,) = codebook(other, "Elsewhere")
    foreign = tag(make.submission(other, world.ngo), elsewhere, Stance.SUPPORTS)
    db.session.commit()
    client = signed_in(app, world.convener)
    url = f"/recommendations/{world.recommendation.id}/citations"
    assert "Elsewhere" not in text_of(client, url)  # not among the themes to pick from
    response = cite(client, url, elsewhere, foreign, status=422)
    assert "There is a problem" in response.get_data(as_text=True)
    fresh()
    assert db.session.scalar(select(func.count()).select_from(Citation)) == 0
