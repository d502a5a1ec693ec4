"""Throttling keys and limits for login, registration and password reset.

Each is limited per IP address and per account (the email typed in the form), so that a
guesser moving between accounts meets the IP limit and one moving between addresses meets
the account limit. Only failed logins count against an account: its owner can still log in
from elsewhere once the minute has passed, and another account is never affected."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from consult.auth.services import normalise_email

LOGIN_PER_ACCOUNT = "5/minute"
LOGIN_PER_IP = "30/minute"
REGISTER_PER_IP = "5/minute;30/hour"
REGISTER_PER_ACCOUNT = "3/hour"
RESET_PER_IP = "5/minute;30/hour"
RESET_PER_ACCOUNT = "3/hour"


def account_key() -> str:
    return "account:" + normalise_email(request.form.get("email", ""))[:254]


def failed(response) -> bool:
    """A login form sent back (wrong password, empty field): counts against the account."""
    return response.status_code == 422


def accepted(response) -> bool:
    """A registration or reset request that went through (and so sent an email)."""
    return response.status_code == 302


def logged_in() -> bool:
    """Registration is not throttled for someone already logged in: they are sent on."""
    return bool(current_user.is_authenticated)
