"""Email through an outbox table.

``queue()`` writes the message in the same transaction as the action that caused it, so a
rollback sends nothing and a commit loses nothing. After the response is sent, the process
delivers what is pending (``deliver_pending``); a failure is retried later with back-off by
the next delivery or by ``flask --app wsgi mail deliver``. Each message carries a
Message-ID derived from its outbox id, so a retry after an unrecorded success can be
recognised as the same message.

In development (``MAIL_BACKEND = "log"``) nothing is sent: each message is printed whole to
the server's standard output, where `make run` shows it, and ``flask --app wsgi mail
outbox`` lists the latest with their links.
"""
from __future__ import annotations

import logging
import re
import smtplib
import ssl
import sys
from contextlib import nullcontext
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate

import click
from flask import Flask, current_app, g, render_template
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from consult import db
from consult.db import Base, UTCDateTime, utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class OutgoingMail(Base):
    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)


def queue(to_address: str, subject: str, template: str, *, locale: str | None = None, **context) -> OutgoingMail:
    """Render ``templates/mail/<template>.txt`` now and queue it. ``locale`` is the
    reader's language (``user.preferred_language``); without it, this request's. Pass the
    subject as ``lazy_gettext(...)`` so that it is translated into the reader's language too."""
    with force_locale(locale) if locale else nullcontext():
        body = render_template(f"mail/{template}.txt", **context)
        subject = str(subject)
    mail = OutgoingMail(to_address=to_address, subject=subject, body=body)
    db.session.add(mail)
    if g:  # ask for delivery once this request's response has gone out
        g.mail_queued = True
    return mail


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send what is due; returns (sent, failed). Each message is committed on its own."""
    sent = failed = 0
    now = utcnow()
    ids = db.session.scalars(
        select(OutgoingMail.id)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.next_attempt_at <= now, OutgoingMail.attempts < MAX_ATTEMPTS)
        .order_by(OutgoingMail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    for mail_id in ids:
        mail = db.session.get(OutgoingMail, mail_id, with_for_update={"skip_locked": True})
        if mail is None or mail.sent_at is not None:
            db.session.commit()
            continue
        try:
            _send(mail)
        except (OSError, smtplib.SMTPException) as exc:
            mail.attempts += 1
            mail.last_error = str(exc)[:1000]
            mail.next_attempt_at = utcnow() + timedelta(minutes=2 ** mail.attempts)
            log.warning("Mail %s to %s failed (attempt %s): %s", mail.id, mail.to_address, mail.attempts, exc)
            failed += 1
        else:
            mail.attempts += 1
            mail.sent_at = utcnow()
            sent += 1
        db.session.commit()
    return sent, failed


def _message(mail: OutgoingMail) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(mail.created_at.timestamp())
    message["Message-ID"] = f"<outbox-{mail.id}@{config['MAIL_FROM'].rpartition('@')[2].strip('>') or 'consult'}>"
    message.set_content(mail.body)
    return message


def _print(mail: OutgoingMail) -> None:
    """The message as its reader would see it (not MIME-encoded, so links stay whole). Flushed
    at once: a gunicorn worker's standard output is a pipe, buffered until it fills."""
    sys.stdout.write(
        f"\n{' Email, not sent (CONSULT_MAIL_BACKEND=log) '.center(78, '=')}\n"
        f"To: {mail.to_address}\nSubject: {mail.subject}\n\n{mail.body.strip()}\n{'=' * 78}\n\n"
    )
    sys.stdout.flush()


def _send(mail: OutgoingMail) -> None:
    config = current_app.config
    message = _message(mail)
    if config["MAIL_BACKEND"] == "log":
        _print(mail)
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_HOST"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


@click.group("mail", help="The email outbox.", cls=AppGroup)
def mail_cli() -> None:
    pass


@mail_cli.command("deliver", help="Send every message that is due (retries failed ones with back-off).")
def mail_deliver() -> None:
    sent, failed = deliver_pending(limit=10_000)
    click.echo(f"Sent {sent}, failed {failed}.")


LINK = re.compile(r"https?://\S+")


@mail_cli.command("outbox", help="List the latest emails, newest first, with the links they carry.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1), help="How many to list.")
def mail_outbox(limit: int) -> None:
    mails = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc()).limit(limit)).all()
    if not mails:
        click.echo("No email in the outbox.")
        return
    for mail in mails:
        click.echo(f"{mail.created_at:%Y-%m-%d %H:%M} UTC  to {mail.to_address}  ({_delivery(mail)})")
        click.echo(f"  {mail.subject}")
        for link in LINK.findall(mail.body):
            click.echo(f"  {link}")
        click.echo()


def _delivery(mail: OutgoingMail) -> str:
    if mail.sent_at is not None:
        return "sent" if current_app.config["MAIL_BACKEND"] != "log" else "printed by the server"
    if mail.attempts:
        return f"not sent after {mail.attempts} attempts: {mail.last_error}"
    return "waiting to be sent"


def init_app(app: Flask) -> None:
    app.cli.add_command(mail_cli)

    @app.after_request
    def _deliver_after_response(response):
        if g.get("mail_queued") and app.config["MAIL_DELIVER_AFTER_REQUEST"]:
            response.call_on_close(lambda: _deliver_in_context(app))
        return response


def _deliver_in_context(app: Flask) -> None:
    with app.app_context():
        try:
            deliver_pending()
        except Exception:  # delivery must never break a response already sent
            log.exception("Mail delivery after request failed; it will be retried")
