"""Signals submissions send, so that higher capabilities (campaigns) can act on them
without submissions importing them.

``submission_received``: a submission was sent (web form, import, a letter entered),
first or again. Sent inside the transaction, after a flush; receivers flush, never commit.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

submission_received = _signals.signal("submission-received")
