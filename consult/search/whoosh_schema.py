"""Whoosh's schema and analyzers. The query parser uses them too: it is the one place where
the query syntax is defined, for both engines, and it marks matches in database text with
these analyzers whichever engine found them."""
from __future__ import annotations

import secrets
import string

from whoosh import writing as whoosh_writing
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec import base as whoosh_codec_base
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb import compound as whoosh_compound
from whoosh.filedb import filestore as whoosh_filestore
from whoosh.support.charset import accent_map

from consult.search.index import LANGUAGES, ORGANISATION_BOOST, TITLE_BOOST


def _unpredictable_name(size: int = 28) -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(size))


# Whoosh names segment files with the global ``random`` module. Forked web workers share its
# state, and so do test runs that seed it (hypothesis): two writers in turn would then pick
# the same segment name and overwrite each other's files. Names come from the OS instead.
for _module in (whoosh_codec_base, whoosh_writing, whoosh_filestore, whoosh_compound):
    _module.random_name = _unpredictable_name


def language_analyzer(lang: str | None):
    """Lower-case, drop stop words, fold accents, then stem: "migración", "migracion" and
    "migraciones" all become "migracion". Folding before stemming matters: the Spanish
    stemmer treats "-ación" and "-acion" differently.

    Text in another language (and organisation names) drops the few English words Whoosh
    calls common, and nothing else: a word common in one field but searchable in another
    would make "rights of migrants" require "of" in those others, and find no English input."""
    chain = RegexTokenizer() | LowercaseFilter()
    chain = chain | (StopFilter(lang=lang) if lang else StopFilter(minsize=1))
    chain = chain | CharsetFilter(accent_map)
    if lang:
        chain = chain | StemFilter(lang=lang)
    return chain


def build_schema() -> Schema:
    fields: dict = {
        "id": ID(unique=True, stored=True),
        # Single-valued facets as sortable columns: counted from the column, never by
        # Whoosh's allow_overlap faceting (very slow on multi-valued fields).
        "round": ID(sortable=True),
        "group": ID(sortable=True),
        "country": ID(sortable=True),
        "language": ID(sortable=True),
        "year": ID(sortable=True),
        # Sessions are multi-valued: "session" filters, "session_set" (the sorted ids
        # joined by spaces) is a column whose few distinct values are expanded when counting.
        "session": KEYWORD(),
        "session_set": ID(sortable=True),
        "published": NUMERIC(bits=64, sortable=True, signed=False),
        "organisation": TEXT(analyzer=language_analyzer(None), field_boost=ORGANISATION_BOOST),
    }
    for lang in [*LANGUAGES, "other"]:
        analyzer = language_analyzer(lang if lang != "other" else None)
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, field_boost=TITLE_BOOST)
        fields[f"body_{lang}"] = TEXT(analyzer=analyzer)
    return Schema(**fields)


SCHEMA = build_schema()
FACET_FIELDS = ("round", "group", "country", "language", "year", "session_set")


def whoosh_document(document: dict) -> dict:
    """The engine-neutral document (``index.document``) in this schema's fields."""
    doc = {name: value for name, value in document.items() if name not in ("id", "sessions")}
    doc["id"] = str(document["id"])
    doc["session"] = doc["session_set"] = " ".join(document["sessions"])
    return doc
