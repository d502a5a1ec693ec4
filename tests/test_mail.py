import socket
from datetime import timedelta

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
