"""The public search page. GET only: every search is a bookmarkable URL."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from consult.limits import SEARCH_PER_IP, SEARCH_REFUSED, limiter
from consult.public.cache import cached_page
from consult.search import queries

bp = Blueprint("search", __name__)


@bp.get("/search")
@limiter.shared_limit(SEARCH_PER_IP, scope="search", error_message=SEARCH_REFUSED)
# A frequent query is computed once every few seconds, not per visitor; short-lived because
# the index follows a publication a moment after the audit row that versions the cache.
@cached_page(ttl=5)
def search():
    search_request = queries.SearchRequest.from_args(request.args)
    page = queries.run(search_request)
    # An unparsable query is the visitor's input to fix, not a server error: 400 keeps
    # crawlers from indexing error pages while the page still shows the message and the box.
    status = 400 if page.error else 200
    return render_template("search/search.html", page=page, req=search_request), status
