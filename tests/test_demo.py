"""Loading the demo, from the code and from the command line (what it shows: test_demo_pages.py)."""
from sqlalchemy import func, select

from consult import db
from consult.audit import AuditEvent
from consult.auth.models import User
from consult.demo import loader
from consult.organisations.models import Organisation
from consult.rounds.models import Round
from consult.submissions.models import Submission

COUNTED = (User, Organisation, Round, Submission, AuditEvent)


def counts() -> dict:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in COUNTED}


def load(app):
    with app.test_request_context():  # publishing the demo outcome writes emails with links
        report = loader.load()
        db.session.commit()
    return report


def test_loading_twice_changes_nothing(app):
    first = load(app)
    before = counts()
    second = load(app)
    assert counts() == before
    assert first.passwords and not second.passwords
    assert "nothing added" in second.summary()


def test_one_demo_user_per_role_can_be_created_from_the_cli(runner):
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "shown only this once" in result.output
    for email in ("admin@consult.example", "convener@consult.example", "moderator@consult.example", "ngo@consult.example"):
        assert email in result.output
    again = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "demo not loaded" in again.output and "admin@consult.example" not in again.output


def test_users_create_gives_roles(runner):
    result = runner.invoke(args=["users", "create", "--email", "Chair@Example.org", "--name", "Chair",
                                 "--role", "convener", "--role", "admin", "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "chair@example.org"))
    assert {r.value for r in user.roles} == {"admin", "convener", "member"}
    duplicate = runner.invoke(args=["users", "create", "--email", "chair@example.org", "--name", "Chair",
                                    "--password", "a long enough password"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
