"""A letter's text against its campaign's template: what the sender changed, for the
moderator's eyes (escaped, then marked), and their own words as the public may read them."""
from __future__ import annotations

import difflib
import re

from markupsafe import Markup, escape

from consult.submissions.models import Submission
from consult.submissions.public_text import redact

_TOKENS = re.compile(r"\s+|[^\s]+")
CONTEXT = 6  # words of the template kept around each change


def letter_text(submission: Submission) -> str:
    """The whole text of a letter: what it says, whether received as a letter or by the form."""
    parts = [submission.letter, *(a.text for a in submission.answers)] if submission.letter else \
        [submission.summary, *(a.text for a in submission.answers)]
    return "\n\n".join(p for p in parts if p and p.strip())


def own_words_diff(template: str, text: str) -> Markup:
    """The letter's differences from the template, word by word: what the sender added in
    <ins>, what they left out in <del>, a few words of the template around each change and
    "…" for the unchanged stretches in between. Empty when the letter is the template."""
    a, b = _TOKENS.findall(template or ""), _TOKENS.findall(text or "")
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    if all(op == "equal" for op, *_ in opcodes):
        return Markup("")
    out = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = a[i1:i2]
            head = words[:CONTEXT * 2] if index else []
            tail = words[-CONTEXT * 2:] if index < len(opcodes) - 1 else []
            if len(words) <= CONTEXT * 4 and index and index < len(opcodes) - 1:
                out.append(escape("".join(words)))
            else:
                out.append(escape("".join(head)) + Markup(" … ") + escape("".join(tail)))
            continue
        if op in ("delete", "replace"):
            out.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
    return Markup("").join(out)


def public_own_words(submission: Submission, own_words: str) -> str:
    """A public letter's own words with every passage withheld in the letter redacted."""
    return redact(own_words or "", submission.active_redactions)
