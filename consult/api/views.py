"""The public JSON API (version 1). Only public data; the same predicate as the pages."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from consult.search import queries

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/search")
def search():
    search_request = queries.SearchRequest.from_args(request.args)
    page = queries.run(search_request)
    if page.error:
        return jsonify({"error": page.error}), 400
    return jsonify({
        "query": search_request.q,
        "filters": search_request.filters,
        "sort": search_request.sort,
        "page": search_request.page,
        "pages": page.pages,
        "total": page.total,
        "total_is_estimate": page.estimated,
        "incomplete": page.timed_out,
        "results": [
            {
                "reference": r.submission.reference,
                "url": url_for("public.submission_detail", reference=r.submission.reference, _external=True),
                "title": r.title,
                "author": r.submission.public_author_label,
                "round": r.submission.round.slug,
                "sessions": [s.title for s in r.submission.sessions],
                "language": r.submission.language,
                "published_at": r.submission.published_at.isoformat() if r.submission.published_at else None,
                "snippet_html": str(r.snippet),
            }
            for r in page.results
        ],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in page.facets.items()
        },
    })
