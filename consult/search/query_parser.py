"""Turn what a visitor typed into a safe query, and mark matches in database text.

Allowed: words, "phrases", OR, AND, NOT / -exclusions, (groups), and a trailing * after at
least three letters. Refused with a clear message: more than MAX_LENGTH characters, more
than MAX_TERMS terms, leading or inner wildcards, ? wildcards, field syntax. Anything the
parser chokes on becomes a QueryError, never a 500.

This module defines the syntax and its refusals for both engines: Whoosh searches with the
query :func:`parse` returns; tantivy builds its own from :func:`structure`, the same tree
with the words as typed, which it analyses with its own analyzers.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from markupsafe import Markup, escape
from whoosh import qparser
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import TEXT, Schema
from whoosh.query import And, NullQuery, Phrase, Prefix, Query, Term, Wildcard
from whoosh.support.charset import accent_map

from consult.search import index
from consult.search.whoosh_schema import SCHEMA, language_analyzer

MAX_LENGTH = 200
MAX_TERMS = 24
MIN_PREFIX = 3
SNIPPET_WIDTH = 260


class QueryError(ValueError):
    """The query cannot be run; ``str(error)`` is a message for the visitor."""


def _parser(fields: list[str], fieldboosts: dict[str, float] | None = None, schema: Schema = SCHEMA) -> qparser.QueryParser:
    """The syntax we accept (words, quotes, +/-, AND/OR/NOT; no field:, ranges or
    boosts typed by the visitor) over ``fields``."""
    parser = qparser.MultifieldParser(fields, schema, fieldboosts=fieldboosts, group=qparser.AndGroup)
    for plugin in (qparser.FieldsPlugin, qparser.RangePlugin, qparser.BoostPlugin, qparser.EveryPlugin,
                   qparser.SingleQuotePlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PlusMinusPlugin())
    return parser


_PARSER = _parser(index.text_fields(), index.field_boosts())
# The same syntax over the body fields only (each body holds its title): enough to decide
# which documents match, at half the cost of the scored query.
_COUNTING_PARSER = _parser([f"body_{lang}" for lang in (*index.LANGUAGES, "other")] + ["organisation"])
# The same syntax over one field that keeps each space-separated word as typed: the tree of
# the query for an engine that analyses the words itself.
_STRUCTURE_PARSER = _parser(["text"], schema=Schema(text=TEXT(analyzer=SpaceSeparatedTokenizer())))


def structure(text: str) -> Query:
    """The tree of ``text`` (And, Or, Not, AndNot, AndMaybe over Term, Phrase and Prefix in a
    field named "text") with every word as typed. Call after :func:`parse` accepted ``text``:
    the refusals are decided there, on the analysed query."""
    return _STRUCTURE_PARSER.parse(text.strip())


def counting_query(text: str) -> tuple[Query, bool]:
    """The query that decides the total and the facet counts, and whether those are
    estimates. Checking word positions for a phrase over tens of thousands of documents is
    what makes a phrase slow, so a phrase is counted as "all its words" (an estimate the
    page marks as such); the results themselves still match the exact phrase.
    Call after :func:`parse` accepted ``text``."""
    query = _COUNTING_PARSER.parse(text.strip())
    estimated = any(isinstance(node, Phrase) for node in _walk(query))
    return _loosen(query), estimated


def _loosen(query: Query) -> Query:
    if isinstance(query, Phrase):
        return And([Term(query.fieldname, word) for word in query.words])
    return query.apply(_loosen)


def parse(text: str) -> Query:
    text = (text or "").strip()
    if not text:
        raise QueryError(_("Type one or more words to search for."))
    if len(text) > MAX_LENGTH:
        raise QueryError(_("Your search is too long: please use at most %(n)d characters.", n=MAX_LENGTH))
    _check_wildcards(text)
    try:
        query = _PARSER.parse(text)
    except Exception:  # the parser has many failure modes on odd input; none is the visitor's fault
        raise QueryError(_("We could not understand this search. Try plain words, or a phrase in double quotes.")) from None
    if query is None or query is NullQuery:
        raise QueryError(_("Your search holds only very common words. Try more specific ones."))
    terms = list(query.all_terms()) if hasattr(query, "all_terms") else []
    if len({t for _f, t in terms}) > MAX_TERMS:
        raise QueryError(_("Your search has too many words: please use at most %(n)d.", n=MAX_TERMS))
    for node in _walk(query):
        if isinstance(node, (Wildcard, Prefix)):
            pattern = node.text
            if len(re.split(r"[*?]", pattern)[0]) < MIN_PREFIX:
                raise QueryError(_("A * must follow at least %(n)d letters, as in migra*.", n=MIN_PREFIX))
    return query


def _check_wildcards(text: str) -> None:
    outside_phrases = re.sub(r'"[^"]*"', " ", text)
    for word in outside_phrases.split():
        word = word.lstrip("-+(").rstrip(")")
        if "?" in word or ("*" in word and (not word.endswith("*") or "*" in word[:-1])):
            raise QueryError(_("Only a * at the end of a word is allowed, as in migra*."))
        if word.endswith("*") and len(word) - 1 < MIN_PREFIX:
            raise QueryError(_("A * must follow at least %(n)d letters, as in migra*.", n=MIN_PREFIX))


def _walk(query: Query):
    yield query
    for child in query.children():
        yield from _walk(child)


def highlight_terms(query: Query) -> tuple[dict[str, set[str]], list[str]]:
    """Analysed terms per field language ("en", "fr", ...), and prefixes, to mark in text.
    Terms under a NOT are not marked."""
    terms: dict[str, set[str]] = {}
    prefixes: list[str] = []

    def visit(node: Query, negated: bool) -> None:
        from whoosh.query import AndNot, Not, Phrase, Term

        if isinstance(node, Not):
            visit(node.query, not negated)
            return
        if isinstance(node, AndNot):
            visit(node.a, negated)
            visit(node.b, not negated)
            return
        if negated:
            return
        if isinstance(node, Term):
            terms.setdefault(_field_lang(node.fieldname), set()).add(_text(node.text))
        elif isinstance(node, Phrase):
            terms.setdefault(_field_lang(node.fieldname), set()).update(_text(w) for w in node.words)
        elif isinstance(node, (Prefix, Wildcard)):
            prefixes.append(_text(node.text).rstrip("*"))
        for child in node.children():
            visit(child, negated)

    visit(query, False)
    return terms, prefixes


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _field_lang(fieldname: str) -> str:
    return fieldname.rsplit("_", 1)[1] if "_" in fieldname else "other"


# One analyzer per language for the life of the process: each keeps a cache of the stems it
# made, and stemming (pure Python) is most of a snippet's cost. A new analyzer per snippet
# started from an empty cache every time.
_ANALYZERS = {lang: language_analyzer(lang if lang != "other" else None) for lang in (*index.LANGUAGES, "other")}
# Lower-cased text folded one character for one character, so offsets stay valid.
_FOLD = {code: value for code, value in accent_map.items() if isinstance(value, str) and len(value) == 1}
FULL_SCAN_LIMIT = 20_000


def _candidate(text: str, stems: set[str]) -> int | None:
    """Where the first match probably is, found at C speed: stems are usually prefixes of
    the folded word ("migrat" of "migración"). None when no stem occurs as such."""
    folded = text.lower().translate(_FOLD)
    if len(folded) != len(text):
        return None
    found = re.search(r"\b(?:" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + ")", folded)
    return found.start() if found else None


def _spans(text: str, offset: int, analyzer, wanted: set[str], prefixes: list[str]) -> list[tuple[int, int]]:
    return [
        (token.startchar + offset, token.endchar + offset)
        for token in analyzer(text, chars=True, removestops=False)
        if token.text in wanted or any(token.text.startswith(p) for p in prefixes if p)
    ]


def snippet(text: str, language: str, terms: dict[str, set[str]], prefixes: list[str]) -> Markup:
    """A passage of ``text`` (database text, redactions applied) around the first matches,
    HTML-escaped, with only ``<mark>`` added. Only a window of a long text is analysed."""
    lang = index.field_language(language)
    wanted = terms.get(lang, set()) | terms.get("other", set())
    analyzer = _ANALYZERS[lang]
    stems = {t for t in wanted | set(prefixes) if t}
    spans: list[tuple[int, int]] = []
    if stems:
        position = _candidate(text, stems) if len(text) > 2 * SNIPPET_WIDTH else 0
        if position is not None:
            offset = max(0, position - SNIPPET_WIDTH // 2)
            spans = _spans(text[offset:position + 2 * SNIPPET_WIDTH], offset, analyzer, wanted, prefixes)
        if not spans:
            spans = _spans(text[:FULL_SCAN_LIMIT], 0, analyzer, wanted, prefixes)
    if not spans:
        start, end = 0, min(len(text), SNIPPET_WIDTH)
    else:
        start = max(0, spans[0][0] - SNIPPET_WIDTH // 4)
        end = min(len(text), start + SNIPPET_WIDTH)
    start = _word_boundary(text, start, backwards=True)
    end = _word_boundary(text, end, backwards=False)
    out = [Markup("… ") if start > 0 else Markup("")]
    cursor = start
    for s, e in spans:
        if s < cursor or e > end:
            continue
        out.append(escape(text[cursor:s]))
        out.append(Markup("<mark>") + escape(text[s:e]) + Markup("</mark>"))
        cursor = e
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(Markup(" …"))
    return Markup("").join(out)


def _word_boundary(text: str, pos: int, *, backwards: bool) -> int:
    if pos <= 0 or pos >= len(text):
        return max(0, min(pos, len(text)))
    limit = 20
    step = -1 if backwards else 1
    probe = pos
    while 0 < probe < len(text) and not text[probe].isspace() and limit:
        probe += step
        limit -= 1
    return probe if limit else pos
