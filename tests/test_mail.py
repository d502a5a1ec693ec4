import socket
from datetime import timedelta
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select

from consult import db, mail
from consult.db import utcnow
from consult.mail import OutgoingMail


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp_server(app):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_BACKEND="smtp", MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    yield inbox
    controller.stop()


def queue_one(app, to="officer@ngo.example"):
    with app.test_request_context():
        mail.queue(to, "Your receipt", "test_message", name="Amina", platform_name="Consult")
        db.session.commit()


def test_queued_mail_is_delivered_through_a_real_smtp_server(app, smtp_server):
    queue_one(app)
    with app.app_context():
        assert mail.deliver_pending() == (1, 0)
    [message] = smtp_server.messages
    assert message["To"] == "officer@ngo.example"
    assert message["Subject"] == "Your receipt"
    assert "Hello Amina," in message.get_payload()
    assert message["Message-ID"].startswith("<outbox-")


def test_a_rolled_back_action_sends_nothing(app):
    with app.test_request_context():
        mail.queue("officer@ngo.example", "Never", "test_message", name="A", platform_name="Consult")
        db.session.rollback()
    assert db.session.scalars(select(OutgoingMail)).all() == []


def test_failure_is_retried_later_and_never_sent_twice(app, smtp_server):
    queue_one(app)
    real_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nobody listens: connection refused
    with app.app_context():
        assert mail.deliver_pending() == (0, 1)
    row = db.session.scalar(select(OutgoingMail))
    assert row.sent_at is None and row.attempts == 1 and row.next_attempt_at > utcnow()

    app.config["MAIL_PORT"] = real_port
    with app.app_context():
        assert mail.deliver_pending() == (0, 0)  # not due yet: back-off
        db.session.get(OutgoingMail, row.id).next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert mail.deliver_pending() == (1, 0)
        assert mail.deliver_pending() == (0, 0)
    assert len(smtp_server.messages) == 1


def test_cli_delivers_pending_mail(app, runner):
    queue_one(app)
    result = runner.invoke(args=["mail", "deliver"])
    assert "Sent 1, failed 0." in result.output


def queue_confirmation(app, to: str, url: str) -> None:
    with app.test_request_context():
        mail.queue(to, "Confirm your email address", "confirm_email", user=SimpleNamespace(name="Amina"), url=url)
        db.session.commit()


def test_the_log_backend_prints_each_email_whole_where_make_run_shows_it(app, capfd):
    queue_confirmation(app, "officer@ngo.example", "http://127.0.0.1:5000/confirm/abc")
    with app.app_context():
        assert mail.deliver_pending() == (1, 0)
    printed = capfd.readouterr().out
    assert "To: officer@ngo.example" in printed
    assert "Subject: Confirm your email address" in printed
    assert "Hello Amina," in printed and "http://127.0.0.1:5000/confirm/abc" in printed


def test_mail_outbox_lists_the_newest_first_with_their_links(app, runner):
    queue_confirmation(app, "first@ngo.example", "http://127.0.0.1:5000/confirm/first")
    queue_confirmation(app, "second@ngo.example", "http://127.0.0.1:5000/confirm/second")
    output = runner.invoke(args=["mail", "outbox"]).output
    assert output.index("second@ngo.example") < output.index("first@ngo.example")
    assert "Confirm your email address" in output
    assert "http://127.0.0.1:5000/confirm/second" in output and "http://127.0.0.1:5000/confirm/first" in output

    latest = runner.invoke(args=["mail", "outbox", "--limit", "1"]).output
    assert "second@ngo.example" in latest and "first@ngo.example" not in latest
    refused = runner.invoke(args=["mail", "outbox", "--limit", "0"])
    assert refused.exit_code != 0 and "--limit" in refused.output


def test_mail_outbox_says_when_there_is_no_email(runner):
    result = runner.invoke(args=["mail", "outbox"])
    assert result.exit_code == 0 and "No email" in result.output
