"""Sessions and guiding questions: add, edit, delete, reorder, and the refusals."""
from sqlalchemy import select

from consult import db
from consult.audit import AuditEvent
from consult.rounds import services
from consult.rounds.models import Question, Round, RoundSession, RoundStatus
from consult.security import Role
from consult.submissions.states import State
from tests.rounds.helpers import as_user, csrf_token, fresh, post, text


def setup(make, **kwargs):
    convener = make.user(Role.CONVENER)
    round_ = make.round(convener=convener, **kwargs)
    db.session.commit()
    return convener, round_


def questions_of(round_id):
    fresh()
    return [q.text for q in db.session.get(Round, round_id).questions]


def test_add_a_question_to_a_session_and_one_to_the_whole_round(app, make):
    convener, round_ = setup(make, status=RoundStatus.DRAFT, questions=0)
    session_id = round_.sessions[0].id
    client = as_user(app, convener)
    url = f"/my-rounds/{round_.slug}/questions/new"
    assert post(client, url, {"text": "Which partnerships worked?", "guidance": "Give examples.",
                              "session_id": str(session_id), "required": "y", "word_limit": "400"}).status_code == 302
    assert post(client, url, {"text": "Anything else?", "session_id": "0", "word_limit": "200"}).status_code == 302
    fresh()
    first, second = db.session.get(Round, round_.id).questions
    assert (first.session_id, first.required, first.word_limit, first.guidance) == (session_id, True, 400, "Give examples.")
    assert (second.session_id, second.required) == (None, False)
    page = text(client.get(f"/rounds/{round_.slug}"))
    assert "Which partnerships worked?" in page and "Anything else?" in page


def test_a_question_in_a_foreign_session_is_refused(app, make):
    convener, round_ = setup(make)
    _, other = setup(make)
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/questions/new",
                    {"text": "Sneaky?", "session_id": str(other.sessions[0].id), "word_limit": "100"})
    assert response.status_code == 422
    assert "Sneaky?" in text(response)  # kept


def test_more_than_the_maximum_of_questions_is_refused(app, make):
    convener, round_ = setup(make, questions=services.MAX_QUESTIONS)
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/questions/new",
                    {"text": "Question 51?", "session_id": "0", "word_limit": "100"})
    assert response.status_code == 422
    assert f"A round can have at most {services.MAX_QUESTIONS} questions." in text(response)
    assert len(questions_of(round_.id)) == services.MAX_QUESTIONS


def test_two_hundred_questions_cannot_be_added(app, make):
    convener, round_ = setup(make, questions=0)
    client = as_user(app, convener)
    token = csrf_token(client)
    statuses = [client.post(f"/my-rounds/{round_.slug}/questions/new",
                            data={"csrf_token": token, "text": f"Q{i}?", "session_id": "0", "word_limit": "100"}).status_code
                for i in range(200)]
    assert statuses.count(302) == services.MAX_QUESTIONS and statuses[-1] == 422


def test_move_a_question_down_and_a_session_up(app, make):
    convener, round_ = setup(make, questions=3, sessions=2)
    client = as_user(app, convener)
    first = round_.questions[0].id
    assert post(client, f"/my-rounds/{round_.slug}/questions/{first}/move", {"direction": "down"}).status_code == 302
    assert questions_of(round_.id) == ["Guiding question 2?", "Guiding question 1?", "Guiding question 3?"]
    second_session = db.session.get(Round, round_.id).sessions[1]
    post(client, f"/my-rounds/{round_.slug}/sessions/{second_session.id}/move", {"direction": "up"})
    fresh()
    assert db.session.get(Round, round_.id).sessions[0].id == second_session.id
    assert post(client, f"/my-rounds/{round_.slug}/sessions/{second_session.id}/move",
                {"direction": "sideways"}).status_code == 400


def test_reorder_with_a_position_list(app, make):
    convener, round_ = setup(make, questions=3)
    ids = [q.id for q in round_.questions]
    data = {f"position-{ids[0]}": "3", f"position-{ids[1]}": "1", f"position-{ids[2]}": "2"}
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/questions/order", data)
    assert response.status_code == 302
    assert questions_of(round_.id) == ["Guiding question 2?", "Guiding question 3?", "Guiding question 1?"]


def test_a_forged_position_list_is_refused_whole(app, make):
    convener, round_ = setup(make, questions=3)
    _, other = setup(make, questions=1)
    ids = [q.id for q in round_.questions]
    client = as_user(app, convener)
    before = questions_of(round_.id)
    forged = [
        {f"position-{ids[0]}": "2", f"position-{ids[1]}": "1"},  # one missing
        {**{f"position-{i}": "1" for i in ids}, f"position-{other.questions[0].id}": "1"},  # a foreign id
        {f"position-{ids[0]}": "x", f"position-{ids[1]}": "1", f"position-{ids[2]}": "2"},  # not a number
        {f"position-{ids[0]}": "-5", f"position-{ids[1]}": "1", f"position-{ids[2]}": "2"},
        {"position-abc": "1", **{f"position-{i}": "1" for i in ids}},
        {},
    ]
    for data in forged:
        response = post(client, f"/my-rounds/{round_.slug}/questions/order", data)
        assert response.status_code == 422, data
        assert "There is a problem" in text(response)
    assert questions_of(round_.id) == before


def test_delete_a_question_and_a_session_before_any_submission(app, make):
    convener, round_ = setup(make, status=RoundStatus.DRAFT, questions=2, sessions=1)
    session = round_.sessions[0]
    round_.questions[0].session = session
    db.session.commit()
    client = as_user(app, convener)
    assert post(client, f"/my-rounds/{round_.slug}/questions/{round_.questions[1].id}/delete").status_code == 302
    assert post(client, f"/my-rounds/{round_.slug}/sessions/{session.id}/delete").status_code == 302
    fresh()
    remaining = db.session.get(Round, round_.id)
    assert remaining.sessions == []
    assert [(q.text, q.session_id) for q in remaining.questions] == [("Guiding question 1?", None)]


def test_deleting_is_refused_once_submissions_exist(app, make):
    convener, round_ = setup(make)
    make.submission(round_, make.organisation(), state=State.DRAFT)
    db.session.commit()
    client = as_user(app, convener)
    response = post(client, f"/my-rounds/{round_.slug}/questions/{round_.questions[0].id}/delete",
                    follow_redirects=True)
    assert "This round has submissions: its questions can no longer be deleted." in text(response)
    response = post(client, f"/my-rounds/{round_.slug}/sessions/{round_.sessions[0].id}/delete",
                    follow_redirects=True)
    assert "This round has submissions: its sessions can no longer be deleted." in text(response)
    fresh()
    assert len(db.session.get(Round, round_.id).questions) == 2
    assert len(db.session.get(Round, round_.id).sessions) == 1


def test_rewording_after_publication_is_logged_and_shown_publicly(app, make, client):
    convener, round_ = setup(make)
    question = round_.questions[0]
    response = post(as_user(app, convener), f"/my-rounds/{round_.slug}/questions/{question.id}/edit",
                    {"text": "Which partnerships with employers worked?", "session_id": "0", "word_limit": "300",
                     "required": "y"})
    assert response.status_code == 302
    fresh()
    question = db.session.get(Question, question.id)
    assert question.wording_updated_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reword_question"))
    assert event.details["old"] == "Guiding question 1?"
    assert event.details["new"] == "Which partnerships with employers worked?"
    assert "updated on" in text(client.get(f"/rounds/{round_.slug}"))


def test_editing_a_draft_question_is_not_flagged_as_updated(app, make):
    convener, round_ = setup(make, status=RoundStatus.DRAFT)
    question = round_.questions[0]
    post(as_user(app, convener), f"/my-rounds/{round_.slug}/questions/{question.id}/edit",
         {"text": "Better wording?", "session_id": "0", "word_limit": "300"})
    fresh()
    assert db.session.get(Question, question.id).text == "Better wording?"
    assert db.session.get(Question, question.id).wording_updated_at is None


def test_add_and_edit_a_session(app, make):
    convener, round_ = setup(make, sessions=0)
    client = as_user(app, convener)
    assert post(client, f"/my-rounds/{round_.slug}/sessions/new", {"title": ""}).status_code == 422
    assert post(client, f"/my-rounds/{round_.slug}/sessions/new",
                {"title": "Roundtable 3", "description": "Partnerships"}).status_code == 302
    fresh()
    session = db.session.get(Round, round_.id).sessions[0]
    assert (session.key, session.position) == ("roundtable-3", 1)
    post(client, f"/my-rounds/{round_.slug}/sessions/{session.id}/edit", {"title": "Roundtable 3: coherence"})
    fresh()
    assert db.session.get(RoundSession, session.id).title == "Roundtable 3: coherence"


def test_items_of_another_round_are_not_found(app, make):
    convener, round_ = setup(make)
    _, other = setup(make)
    client = as_user(app, convener)
    assert client.get(f"/my-rounds/{round_.slug}/questions/{other.questions[0].id}/edit").status_code == 404
    assert post(client, f"/my-rounds/{round_.slug}/sessions/{other.sessions[0].id}/delete").status_code == 404
