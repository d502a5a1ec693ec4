"""JSON shapes of the public API. Public fields only; submissions come from open_data.record
(public predicate + redactions), so the API cannot show what the pages do not."""
from __future__ import annotations


from consult.links import public_url_for
from consult.pagination import Page
from consult.public.open_data import iso_utc
from consult.public.statistics import Series
from consult.rounds.models import Question, Round, RoundSession


def iso(moment) -> str | None:
    return iso_utc(moment) or None


def round_summary(round_: Round) -> dict:
    return {
        "slug": round_.slug,
        "title": round_.title,
        "summary": round_.summary,
        "level": round_.level.value,
        "country": round_.country,
        "region": round_.region,
        "state": round_.phase().value,
        "opens_at": iso(round_.opens_at),
        "closes_at": iso(round_.closes_at),
        "timezone": round_.timezone,
        "languages": list(round_.languages),
        "feeds_into": round_.feeds_into.slug if round_.feeds_into and round_.feeds_into.can_view(None) else None,
        "url": public_url_for("public.round_detail", slug=round_.slug),
    }


def round_detail(round_: Round, published_count: int) -> dict:
    return round_summary(round_) | {
        "background": round_.background,
        "publication_policy": round_.publication_policy.value,
        "sessions": [session(s) for s in round_.sessions],
        "questions": [question(q) for q in round_.questions],
        "fed_by": [r.slug for r in round_.fed_by if r.can_view(None)],
        "published_submissions": published_count,
    }


def session(item: RoundSession) -> dict:
    return {"key": item.key, "title": item.title, "description": item.description, "position": item.position}


def question(item: Question) -> dict:
    return {
        "key": item.key,
        "text": item.text,
        "guidance": item.guidance,
        "required": item.required,
        "word_limit": item.word_limit,
        "session": item.session.key if item.session else None,
        "position": item.position,
        "wording_updated_at": iso(item.wording_updated_at),
    }


def series(item: Series) -> dict:
    return {"key": item.key, "title": item.title, "summary": item.summary,
            "rows": [{"label": label, "count": count} for label, count in item.rows]}


def page(page_: Page, items: list[dict]) -> dict:
    return {"items": items, "page": page_.number, "per_page": page_.per_page, "total": page_.total,
            "pages": page_.pages}


def status_update(update) -> dict:
    """A dated follow-up report (who wrote it is not published, only when and what)."""
    return {"date": iso(update.created_at), "from_status": update.from_status.value,
            "to_status": update.to_status.value, "text": update.text, "evidence_url": update.evidence_url}


def search_results(search_request, page) -> dict:
    """The search page's results (a ``search.queries`` request and its page of results)."""
    return {
        "query": search_request.q,
        "filters": search_request.filters,
        "sort": search_request.sort,
        "page": search_request.page,
        "pages": page.pages,
        "total": page.total,
        "total_is_estimate": page.estimated,
        "incomplete": page.timed_out,
        "results": [search_result(r) for r in page.results],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in page.facets.items()
        },
    }


def search_result(result) -> dict:
    submission = result.submission
    return {
        "reference": submission.reference,
        "url": public_url_for("public.submission_detail", reference=submission.reference),
        "title": result.title,
        "author": result.author,
        "round": submission.round.slug,
        "sessions": [s.title for s in submission.sessions],
        "language": submission.language,
        "published_at": submission.published_at.isoformat() if submission.published_at else None,
        "snippet_html": str(result.snippet),
        "campaign": campaign(result.campaign, result.stands_for_campaign) if result.campaign else None,
    }


def campaign(found, stands_for_campaign: bool) -> dict:
    """A search hit's campaign: the hit is the campaign itself, or a letter with own words in it."""
    item = found.campaign
    return {"number": item.number, "round": item.round.slug, "letters": found.letters,
            "with_own_words": found.with_own_words, "hit_is_campaign": stands_for_campaign,
            "url": public_url_for("campaigns.public_campaign", slug=item.round.slug, number=item.number)}
