"""The read-only JSON API under /api/v1: rounds, sessions, questions, submissions, search
and statistics. Every read is public data only and carries an ETag."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import select

from consult import db
from consult.api import openapi, serializers
from consult.limits import SEARCH_PER_IP, SEARCH_REFUSED, limiter
from consult.outcomes import export as outcome_export
from consult.outcomes import queries as outcome_queries
from consult.outcomes.models import Recommendation
from consult.outcomes.queries import RegisterFilters
from consult.pagination import page_number, paginate
from consult.public import open_data, statistics
from consult.public.cache import conditional
from consult.rounds import queries as round_queries
from consult.search import queries as search_queries
from consult.submissions import queries as submission_queries
from consult.submissions.models import Submission

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _per_page() -> int:
    raw = request.args.get("per_page", "")
    return max(1, min(int(raw), 100)) if raw.isdigit() else 20


def _json(data, status: int = 200):
    return conditional(jsonify(data)) if status == 200 else (jsonify(data), status)


@bp.get("/openapi.json")
def openapi_document():
    return _json(openapi.document())


@bp.get("/rounds")
def rounds():
    filters = round_queries.RoundFilters.from_args(request.args)
    result = paginate(round_queries.filtered_rounds(filters), page_number(request.args.get("page")), _per_page())
    return _json(serializers.page(result, [serializers.round_summary(r) for r in result.items]))


@bp.get("/rounds/<slug>")
def round_detail(slug: str):
    round_ = round_queries.public_round_or_404(slug)
    count = submission_queries.published_counts_by_group([round_.id])[round_.id].total()
    return _json(serializers.round_detail(round_, count))


@bp.get("/rounds/<slug>/sessions")
def round_sessions(slug: str):
    return _json({"items": [serializers.session(s) for s in round_queries.public_round_or_404(slug).sessions]})


@bp.get("/rounds/<slug>/questions")
def round_questions(slug: str):
    return _json({"items": [serializers.question(q) for q in round_queries.public_round_or_404(slug).questions]})


@bp.get("/rounds/<slug>/submissions")
def round_submissions(slug: str):
    round_ = round_queries.public_round_or_404(slug)
    statement = (
        select(Submission)
        .where(Submission.round_id == round_.id, Submission.public_clause())
        .order_by(Submission.published_at.desc(), Submission.id.desc())
    )
    result = paginate(statement, page_number(request.args.get("page")), _per_page())
    return _json(serializers.page(result, [open_data.record(s) for s in result.items]))


@bp.get("/rounds/<slug>/statistics")
def round_statistics(slug: str):
    round_ = round_queries.public_round_or_404(slug)
    if not round_.can_see_statistics(None):
        return _json({"error": {"status": 403, "message": "Statistics are published when the round closes."}}, 403)
    return _json({"round": round_.slug, "series": [serializers.series(s) for s in statistics.round_statistics(round_)]})


@bp.get("/statistics")
def overall_statistics():
    return _json({"series": [serializers.series(s) for s in statistics.overall_statistics()]})


@bp.get("/submissions/<reference>")
def submission(reference: str):
    found = submission_queries.get_by_reference(reference)
    if found is None or not found.is_public():
        abort(404)
    return _json(open_data.record(found))


@bp.get("/search")
@limiter.shared_limit(SEARCH_PER_IP, scope="search", error_message=SEARCH_REFUSED)
def search():
    """The search page's results as JSON (same query syntax, filters and public re-check)."""
    search_request = search_queries.SearchRequest.from_args(request.args)
    page = search_queries.run(search_request)
    if page.error:
        return _json({"error": {"status": 400, "message": page.error}}, 400)
    return jsonify(serializers.search_results(search_request, page))


@bp.get("/recommendations")
def recommendations():
    """The public register of recommendations, with the register page's filters."""
    filters = RegisterFilters.from_args(request.args)
    statement = outcome_queries.with_details(outcome_queries.register_statement(filters))
    result = paginate(statement, page_number(request.args.get("page")), _per_page())
    return _json(serializers.page(result, [outcome_export.record(r) for r in result.items]))


@bp.get("/recommendations/<int:recommendation_id>")
def recommendation(recommendation_id: int):
    found = db.session.get(Recommendation, recommendation_id)
    if found is None or not found.is_public():
        abort(404)
    return _json(outcome_export.record(found) | {"updates": [serializers.status_update(u) for u in found.updates]})
