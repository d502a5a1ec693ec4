"""The queue page costs the same number of queries for 3 submissions as for 30 (no N+1)."""
from __future__ import annotations

from sqlalchemy import event

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import Attachment
from consult.submissions.states import State
from tests.conftest import login


def count_queries(app, client, url) -> int:
    engine = app.extensions["db_engine"]
    statements: list[str] = []

    def _count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    return len(statements)


def add_submissions(make, staff, n, offset):
    for i in range(n):
        org = make.organisation(f"Org {offset + i}", group=list(StakeholderGroup)[i % 5], verified=i % 2 == 0)
        s = make.submission(staff.round, org, state=State.SUBMITTED, title=f"Input {offset + i}")
        s.sessions = [staff.round.sessions[0]]
        s.attachments.append(Attachment(filename="p.pdf", content_type="application/pdf", size=1, sha256="0" * 64,
                                        storage_key=f"k{offset + i}"))
        make.report(s)


def test_queue_queries_do_not_grow_with_the_page(app, client, make, staff):
    add_submissions(make, staff, 3, 0)
    db.session.commit()
    login(client, staff.moderator)
    url = f"/moderation/rounds/{staff.round.slug}"
    few = count_queries(app, client, url)
    add_submissions(make, staff, 27, 3)
    db.session.commit()
    many = count_queries(app, client, url)
    assert "Input 29" in client.get(url).get_data(as_text=True)
    assert many == few, (few, many)
