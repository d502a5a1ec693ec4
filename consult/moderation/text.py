"""Text for the moderator's eyes: redacted passages marked, versions compared. Every piece
of submitted text is escaped before markup is added around it."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from consult.submissions.models import Redaction, SubmissionVersion

_TOKENS = re.compile(r"\s+|[^\s]+")


def mark_redactions(text: str, redactions: list[Redaction]) -> Markup:
    """The original text with each withheld passage wrapped in <mark> (longest first, as
    ``public_text.redact`` applies them)."""
    spans: list[tuple[int, int, Redaction]] = []
    for redaction in sorted(redactions, key=lambda r: len(r.passage), reverse=True):
        if not redaction.passage:
            continue
        start = text.find(redaction.passage)
        while start != -1:
            end = start + len(redaction.passage)
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, redaction))
            start = text.find(redaction.passage, end)
    out, position = [], 0
    for start, end, redaction in sorted(spans, key=lambda s: s[0]):
        out.append(escape(text[position:start]))
        out.append(Markup('<mark class="redacted" title="{}">{}</mark>').format(redaction.reason.label, text[start:end]))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def diff_html(old: str, new: str, *, context: int | None = None) -> Markup:
    """Word-level differences: removed words in <del>, added words in <ins>. With ``context``
    (a campaign letter against its template) only that many words of each unchanged stretch
    are kept around a change, "…" standing for the rest."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            out.append(_unchanged(a[i1:i2], context, first=index == 0, last=index == len(opcodes) - 1))
            continue
        if op in ("delete", "replace"):
            out.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
    return Markup("").join(out)


def _unchanged(tokens: list[str], context: int | None, *, first: bool, last: bool) -> Markup:
    # Tokens alternate words and spaces, hence twice the context.
    if context is None or (len(tokens) <= context * 4 and not first and not last):
        return escape("".join(tokens))
    head = [] if first else tokens[:context * 2]
    tail = [] if last else tokens[-context * 2:]
    return escape("".join(head)) + Markup(" … ") + escape("".join(tail))


@dataclass(frozen=True)
class FieldChange:
    label: str
    html: Markup


@dataclass(frozen=True)
class VersionChange:
    older: SubmissionVersion
    newer: SubmissionVersion
    changes: list[FieldChange]
    kept_before: list[str] | None = None  # parts the author kept for the conveners (None: not recorded)
    kept_after: list[str] | None = None


def kept_for_conveners(version: SubmissionVersion, question_labels: dict[str, str],
                       file_labels: dict[int, str]) -> list[str] | None:
    """The parts of ``version`` its author kept for the conveners, by name (None: not recorded)."""
    if version.confidential is None:
        return None
    return ([question_labels.get(str(q), str(q)) for q in version.confidential.get("answers", [])]
            + [file_labels.get(a, str(a)) for a in version.confidential.get("attachments", [])])


def compare_versions(versions: list[SubmissionVersion], question_labels: dict[str, str], field_labels: dict[str, str],
                     file_labels: dict[int, str] | None = None) -> list[VersionChange]:
    """Each version against the one before it, newest first; unchanged fields left out, and
    which parts each kept for the conveners (a change of that is a change too)."""
    result = []
    for older, newer in zip(versions, versions[1:]):
        kept = [kept_for_conveners(v, question_labels, file_labels or {}) for v in (older, newer)]
        changes = []
        if None not in kept and kept[0] != kept[1]:
            changes.append(FieldChange(field_labels["confidential"], diff_html("; ".join(kept[0]), "; ".join(kept[1]))))
        for name in ("title", "summary", "letter"):
            before, after = getattr(older, name), getattr(newer, name)
            if before != after:
                changes.append(FieldChange(field_labels[name], diff_html(before, after)))
        keys = sorted(set(older.answers) | set(newer.answers), key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0))
        for key in keys:
            before, after = older.answers.get(key, ""), newer.answers.get(key, "")
            if before != after:
                changes.append(FieldChange(question_labels.get(key, key), diff_html(before, after)))
        result.append(VersionChange(older, newer, changes, *kept))
    return list(reversed(result))
