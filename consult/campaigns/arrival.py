"""Recognition on arrival: every submission that is sent (web form, import, a letter
entered) is recognised in the same transaction.

Submissions do not know campaigns: they send ``submission_received`` and this receiver,
connected by ``init_app``, answers it. ``CAMPAIGN_RECOGNITION`` False turns it off (a very
large import can then be followed by one ``campaigns rebuild``).
"""
from __future__ import annotations

from flask import Flask, current_app, has_app_context

from consult.campaigns import grouping
from consult.campaigns.cli import campaigns_cli
from consult.submissions.signals import submission_received


def recognise_on_arrival(submission, **_extra) -> None:
    # Outside an app context (a script, a test's own session) recognition stays on.
    if not has_app_context() or current_app.config.get("CAMPAIGN_RECOGNITION", True):
        grouping.recognise(submission)


def init_app(app: Flask) -> None:
    app.cli.add_command(campaigns_cli)
    # blinker keeps one connection per receiver, however many apps are created (tests)
    submission_received.connect(recognise_on_arrival)
