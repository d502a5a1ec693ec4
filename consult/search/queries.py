"""Search as the pages and the API see it: parameters in, a page of public results out.

The index answers with ids; the rows shown come from the database through the public
predicate (so a submission hidden a second ago never shows, even if the index lags) and
their snippets from ``public_document`` (so redactions always apply).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult import db
from consult.campaigns import search as campaign_search
from consult.i18n import LANGUAGE_NAMES
from consult.organisations.countries import country_name, reading_order
from consult.organisations.models import StakeholderGroup
from consult.pagination import page_number
from consult.rounds.models import Round, RoundSession, RoundStatus
from consult.search import query_parser, searcher
from consult.submissions.models import Answer, Submission
from consult.submissions.public_text import public_document

PER_PAGE = 20
MAX_PAGE = 50  # deep pages cost a full sort; nobody reads page 51 of a search
FILTERS = ("round", "group", "country", "session", "language", "year")
# When nothing is found, the filter whose removal brings back most results goes first.


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # facet -> value (round: the slug)
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> SearchRequest:
        filters = {}
        for name in FILTERS:
            value = (args.get(name) or "").strip()[:80]
            if value:
                filters[name] = value
        sort = args.get("sort") if args.get("sort") in ("relevance", "date") else "relevance"
        page = min(page_number(args.get("page")), MAX_PAGE)
        return cls(q=(args.get("q") or "")[:1000], filters=filters, sort=sort, page=page)

    def args(self, **changes) -> dict:
        """URL parameters for a link to this search with ``changes`` (None drops a key)."""
        values: dict = {"q": self.q or None, **self.filters, "sort": self.sort if self.sort != "relevance" else None}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "")}


@dataclass
class Result:
    submission: Submission
    title: str  # redactions applied
    snippet: Markup
    author: str = ""  # who the public sees as the author, redactions applied
    campaign: campaign_search.PublicCampaign | None = None  # of a campaign letter
    stands_for_campaign: bool = False  # the hit is the campaign itself, shown once with its count


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchPage:
    request: SearchRequest
    results: list[Result] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    error: str | None = None
    timed_out: bool = False
    estimated: bool = False  # counts of a phrase search are "at most" figures
    suggestion: tuple[str, str, int] | None = None  # (filter name, label, results without it)

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // PER_PAGE)))


def run(request: SearchRequest) -> SearchPage:
    page = SearchPage(request=request)
    if not request.q.strip() and not request.filters:
        return page  # the empty form: no message, no results
    text = request.q.strip() or None
    try:
        # The syntax and its refusals are the same for every engine; the query also says
        # which words to mark in the snippets, whichever engine found the results.
        query = query_parser.parse(text) if text else None
    except query_parser.QueryError as error:
        page.error = str(error)
        return page
    index_filters = _index_filters(request.filters)
    if index_filters is None:
        page.error = _("This filter does not match any published input.")
        return page
    worker = searcher.for_worker(current_app.config["SEARCH_INDEX_DIR"], current_app.config["SEARCH_BACKEND"])
    outcome = worker.search(text, filters=index_filters, page=request.page, per_page=PER_PAGE,
                            sort=request.sort if text else "date")
    page.total = outcome.total
    page.timed_out = outcome.timed_out
    page.estimated = outcome.estimated
    page.results = _results(outcome.ids, query)
    page.facets = _facet_values(outcome.facets, request.filters)
    if page.total == 0 and request.filters:
        page.suggestion = _narrowest_filter(outcome.facets, request.filters, page.facets)
    return page


def _is_id(value: str) -> bool:
    """Plain ASCII digits only: str.isdigit() also accepts "¹" or "٣", which int() refuses."""
    return re.fullmatch(r"[0-9]{1,9}", value) is not None


def _index_filters(filters: dict[str, str]) -> dict[str, str] | None:
    """URL values to index values (the round slug to its id); None if one cannot exist."""
    result = dict(filters)
    if "round" in filters:
        round_id = db.session.scalar(select(Round.id).where(Round.slug == filters["round"],
                                                            Round.status != RoundStatus.DRAFT))
        if round_id is None:
            return None
        result["round"] = str(round_id)
    if "session" in filters and not _is_id(filters["session"]):
        return None
    return result


def _results(ids: list[int], query) -> list[Result]:
    if not ids:
        return []
    rows = db.session.scalars(
        select(Submission)
        .where(Submission.id.in_(ids), Submission.public_clause())  # defence in depth
        .options(selectinload(Submission.round), selectinload(Submission.organisation),
                 selectinload(Submission.sessions), selectinload(Submission.redactions),
                 selectinload(Submission.answers).selectinload(Answer.question), selectinload(Submission.attachments))
    )
    by_id = {s.id: s for s in rows}
    campaigns = campaign_search.search_context(list(by_id))
    terms, prefixes = query_parser.highlight_terms(query) if query is not None else ({}, [])
    results = []
    for sid in ids:
        submission = by_id.get(sid)
        if submission is None:
            continue
        document = public_document(submission)
        texts = [document.summary, document.letter, *(t for _q, t in document.answers)]
        chosen = None
        for text in texts:  # the first passage with a match; else the start of the summary
            passage = query_parser.snippet(text, submission.language, terms, prefixes)
            if chosen is None or "<mark>" in passage:
                chosen = passage
            if "<mark>" in passage:
                break
        results.append(Result(submission, document.title, chosen or Markup(""), document.author_label,
                              *campaigns.get(sid, (None, False))))
    return results


def _labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "round":
        ids = [int(v) for v in values if _is_id(v)]
        return {str(r.id): r.title for r in db.session.scalars(select(Round).where(Round.id.in_(ids)))}
    if name == "session":
        ids = [int(v) for v in values if _is_id(v)]
        return {str(s.id): s.title for s in db.session.scalars(select(RoundSession).where(RoundSession.id.in_(ids)))}
    if name == "group":
        return {v: StakeholderGroup(v).label for v in values if v in StakeholderGroup._value2member_map_}
    if name == "language":
        return {v: str(LANGUAGE_NAMES.get(v, v)) for v in values}
    if name == "country":
        return {v: country_name(v) for v in values}
    return {v: v for v in values}


def _facet_values(facets: dict[str, Counter], filters: dict[str, str]) -> dict[str, list[FacetValue]]:
    out: dict[str, list[FacetValue]] = {}
    for name in FILTERS:
        counts = facets.get(name, Counter())
        # Ties broken by value, not by the order an engine happened to count them in.
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:15]
        labels = _labels(name, [v for v, _n in top])
        if name == "round":
            slugs = dict(db.session.execute(select(Round.id, Round.slug).where(
                Round.id.in_([int(v) for v, _n in top if _is_id(v)]))).all())
            values = [(slugs.get(int(v), v), labels.get(v, v), n) for v, n in top if _is_id(v)]
        else:
            values = [(v, labels.get(v, v), n) for v, n in top]
        if name == "year":
            values.sort(key=lambda item: item[0], reverse=True)
        else:  # equal counts in the reader's alphabetical order (of names, not codes)
            values.sort(key=lambda item: (-item[2], reading_order(item[1])))
        out[name] = [FacetValue(v, label, n, filters.get(name) == v) for v, label, n in values]
    return out


def _narrowest_filter(facets, filters, values) -> tuple[str, str, int] | None:
    best = None
    for name, chosen in filters.items():
        without = sum(facets.get(name, Counter()).values()) if name != "session" else 0
        label = next((f.label for f in values.get(name, []) if f.value == chosen), None)
        if label is None:
            label = chosen if name == "round" else _labels(name, [chosen]).get(chosen, chosen)
        if best is None or without > best[2]:
            best = (name, label, without)
    return best


def published_date(submission: Submission) -> datetime | None:
    return submission.published_at
