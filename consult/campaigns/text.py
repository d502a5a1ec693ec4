"""A letter's text against its campaign's template: what the sender changed, for the
moderator's eyes (escaped, then marked), and their own words as the public may read them."""
from __future__ import annotations

from markupsafe import Markup

from consult.moderation.text import diff_html
from consult.submissions.models import Submission
from consult.submissions.public_text import redact

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
    if " ".join((template or "").split()) == " ".join((text or "").split()):
        return Markup("")
    return diff_html(template, text, context=CONTEXT)


def public_own_words(submission: Submission, own_words: str) -> str:
    """A public letter's own words with every passage withheld in the letter redacted."""
    return redact(own_words or "", submission.active_redactions)
