"""tantivy's schema, analyzers and queries, built to mean what the Whoosh ones mean.

Analysis mirrors ``whoosh_schema.language_analyzer`` step for step: the same word pattern,
lower case, the same stop words (with Whoosh's rule that one-letter words are dropped in
a stemmed language), accent folding, then the Snowball stemmer of the language. A query is
the tree ``query_parser.structure`` parses (the syntax and refusals are decided once, for
both engines); each word of it is analysed here with each field's analyzer, as Whoosh's
parser does for its fields, and the same boosts apply.
"""
from __future__ import annotations

import functools

import tantivy
from tantivy import Filter, Occur, Query, SchemaBuilder, TextAnalyzerBuilder, Tokenizer
from whoosh import query as wq

from consult.search import index, query_parser

# Whoosh's RegexTokenizer pattern; in a stemmed language its StopFilter also drops one-letter
# tokens, which a pattern asking for two characters or more does without a filter.
WORD = r"\w+(?:\.?\w+)*"
WORD_OF_TWO = r"\w(?:\.?\w+)+"
STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}
# tantivy refuses terms beyond 65,530 bytes; nobody searches for a word of 1,000.
LONGEST_TOKEN = 1000
FACET_FIELDS = ("round", "group", "country", "language", "year", "session")


def analyzer(lang: str) -> tantivy.TextAnalyzer:
    if lang not in STEMMERS:
        return (TextAnalyzerBuilder(Tokenizer.regex(WORD)).filter(Filter.remove_long(LONGEST_TOKEN))
                .filter(Filter.lowercase()).filter(Filter.custom_stopword(sorted(index.stop_words(lang))))
                .filter(Filter.ascii_fold()).build())
    return (TextAnalyzerBuilder(Tokenizer.regex(WORD_OF_TWO)).filter(Filter.remove_long(LONGEST_TOKEN))
            .filter(Filter.lowercase()).filter(Filter.custom_stopword(sorted(index.stop_words(lang))))
            .filter(Filter.ascii_fold()).filter(Filter.stemmer(STEMMERS[lang])).build())


ANALYZERS = {lang: analyzer(lang) for lang in (*index.LANGUAGES, "other")}


def tokenizer_name(lang: str) -> str:
    return f"consult_{lang}"


def register_tokenizers(ix: tantivy.Index) -> None:
    """Tokenizers live in the opened index object, not on disk: register them on every open."""
    for lang, text_analyzer in ANALYZERS.items():
        ix.register_tokenizer(tokenizer_name(lang), text_analyzer)


def field_analyzer(field_name: str) -> tantivy.TextAnalyzer:
    return ANALYZERS[index.field_language(field_name.rsplit("_", 1)[1]) if "_" in field_name else "other"]


def build_schema() -> tantivy.Schema:
    builder = SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    # Facets: exact values, fast fields for the terms aggregations, filters by term.
    for name in FACET_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_integer_field("published", fast=True)
    for name in index.text_fields():
        lang = name.rsplit("_", 1)[1] if "_" in name else "other"
        builder.add_text_field(name, tokenizer_name=tokenizer_name(lang), index_option="position")
    return builder.build()


SCHEMA = build_schema()
BOOSTS = index.field_boosts()


def tantivy_document(document: dict) -> tantivy.Document:
    """The engine-neutral document (``index.document``) in this schema's fields."""
    doc = tantivy.Document()
    doc.add_unsigned("id", document["id"])
    for name in ("round", "group", "country", "language", "year"):
        if document[name]:  # no country: counted nowhere, as in Whoosh
            doc.add_text(name, document[name])
    for session in document["sessions"]:
        doc.add_text("session", session)
    doc.add_integer("published", document["published"])
    for name in index.text_fields():
        if document.get(name):
            doc.add_text(name, document[name])
    return doc


def id_query(submission_id: int) -> Query:
    return Query.term_query(SCHEMA, "id", submission_id)


def filter_query(name: str, value: str) -> Query:
    # Scored 0: a filter narrows the results, it never changes their order.
    return Query.const_score_query(Query.term_query(SCHEMA, name, value), 0.0)


@functools.lru_cache(maxsize=512)
def build(text: str | None) -> Query:
    """The query for ``text`` (accepted by ``query_parser.parse``); None: every document."""
    if text is None:
        return Query.all_query()
    return _translate(query_parser.structure(text)) or Query.empty_query()


def _all_of(musts: list[Query | None], must_nots: list[Query | None] = ()) -> Query | None:
    clauses = [(Occur.Must, q) for q in musts if q is not None]
    excluded = [(Occur.MustNot, q) for q in must_nots if q is not None]
    if not clauses and not excluded:
        return None
    if not clauses:  # only exclusions: everything else, as Whoosh's Not
        clauses = [(Occur.Must, Query.all_query())]
    if len(clauses) == 1 and not excluded:
        return clauses[0][1]
    return Query.boolean_query(clauses + excluded)


def _any_of(queries: list[Query | None]) -> Query | None:
    queries = [q for q in queries if q is not None]
    if len(queries) <= 1:
        return queries[0] if queries else None
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def _translate(node: wq.Query) -> Query | None:
    if isinstance(node, (wq.Term, wq.Phrase, wq.Prefix)):
        return _any_of([_in_field(node, name) for name in index.text_fields()])
    if isinstance(node, wq.AndNot):
        return _all_of([_translate(node.a)], [_translate(node.b)])
    if isinstance(node, wq.AndMaybe):
        required, optional = _translate(node.a), _translate(node.b)
        if required is None or optional is None:
            return required
        return Query.boolean_query([(Occur.Must, required), (Occur.Should, optional)])
    if isinstance(node, wq.Not):
        return _all_of([], [_translate(node.query)])
    if isinstance(node, wq.And):
        children = list(node.children())
        return _all_of([_translate(c) for c in children if not isinstance(c, wq.Not)],
                       [_translate(c.query) for c in children if isinstance(c, wq.Not)])
    if isinstance(node, wq.Or):
        return _any_of([_translate(c) for c in node.children()])
    return None  # NullQuery: nothing left to look for


def _in_field(node: wq.Query, name: str) -> Query | None:
    """One word, phrase or prefix in one field, analysed by that field's analyzer."""
    text_analyzer = field_analyzer(name)
    if isinstance(node, wq.Phrase):
        tokens = text_analyzer.pre_tokenize(" ".join(node.words)).tokens
        if len(tokens) > 1:
            # Positions as the index counts them (a stop word leaves a gap there too).
            first = tokens[0].position
            query = Query.phrase_query(SCHEMA, name, [(t.position - first, t.text) for t in tokens])
            return Query.boost_query(query, BOOSTS[name]) if BOOSTS[name] != 1.0 else query
        words = [t.text for t in tokens]
    else:
        words = text_analyzer.analyze(node.text)
    if not words:
        return None  # a stop word in this field's language
    terms = [Query.term_query(SCHEMA, name, w) for w in words]
    if isinstance(node, wq.Prefix):
        terms[-1] = Query.regex_query(SCHEMA, name, _escape(words[-1]) + ".*")
    # A word the analyzer splits ("don't") needs all its parts in this field, as in Whoosh.
    query = _all_of(terms)
    return Query.boost_query(query, BOOSTS[name]) if BOOSTS[name] != 1.0 else query


def _escape(token: str) -> str:
    return "".join("\\" + c if c in r"\.+*?()|[]{}^$#&-~" else c for c in token)
