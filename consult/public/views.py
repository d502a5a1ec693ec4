"""Public pages: the home page, a round, a published submission."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from consult.cosigning import queries as cosigning_queries
from consult.campaigns import queries as campaign_queries
from consult.db import utcnow
from consult.pagination import page_number, paginate
from consult.public import open_data, statistics
from consult.public.cache import cached_page, conditional
from consult.rounds import queries as round_queries
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import Level, RoundPhase
from consult.submissions import queries as submission_queries
from consult.submissions.public_text import public_document

bp = Blueprint("public", __name__)
# A printed compilation beyond this is better read from the CSV or JSON export.
PRINT_LIMIT = 500


@bp.get("/")
@cached_page()
def home():
    open_rounds, other_rounds = round_queries.home_rounds()
    recent = [(s, public_document(s)) for s in open_data.public_submissions_for_export(limit=6, outside_campaigns=True)]
    return render_template("public/home.html", open_rounds=open_rounds, other_rounds=other_rounds[:6], recent=recent)


@bp.get("/rounds/<slug>")
@cached_page()
def round_detail(slug: str):
    round_ = round_queries.visible_round_or_404(slug, current_user)
    feeding_rounds = [r for r in round_.fed_by if r.can_view(current_user)]
    feeds_into = round_.feeds_into if round_.feeds_into and round_.feeds_into.can_view(current_user) else None
    group = request.args.get("group")
    group = StakeholderGroup(group) if group in StakeholderGroup._value2member_map_ else None
    session_key = request.args.get("session") or None
    page = paginate(  # letters of a campaign are shown once, as their campaign
        campaign_queries.public_input_outside_campaigns(round_.id, group=group, session_key=session_key),
        page_number(request.args.get("page")),
    )
    return render_template(
        "public/round.html", round=round_, feeding_rounds=feeding_rounds, feeds_into=feeds_into,
        counts=submission_queries.published_counts_by_group([round_.id] + [r.id for r in feeding_rounds]),
        session_counts=submission_queries.published_counts_by_session(round_),
        selected_group=group, selected_session=session_key, page=page,
        documents=[(s, public_document(s)) for s in page.items],
        campaigns=campaign_queries.public_campaigns(round_.id, group=group, session_key=session_key),
    )


@bp.get("/submissions/<reference>")
@cached_page()
def submission_detail(reference: str):
    submission = submission_queries.get_by_reference(reference)
    if submission is None or not submission.can_view(current_user):
        abort(404)  # unpublished input is not admitted to exist
    questions = {q.id: q for q in submission.round.questions}
    return render_template(
        "public/submission.html", submission=submission, document=public_document(submission), questions=questions,
        cosigners=cosigning_queries.confirmed(submission),
    )


@bp.get("/rounds")
@cached_page()
def round_index():
    filters = round_queries.RoundFilters.from_args(request.args)
    page = paginate(round_queries.filtered_rounds(filters), page_number(request.args.get("page")))
    return render_template(
        "public/rounds.html",
        page=page,
        filters=filters,
        levels=list(Level),
        phases=[RoundPhase(p) for p in round_queries.PUBLIC_PHASES],
        regions=round_queries.region_choices(),
        years=round_queries.year_choices(),
    )


@bp.get("/rounds/<slug>/statistics")
@cached_page()
def round_statistics(slug: str):
    round_ = round_queries.visible_round_or_404(slug, current_user)
    if not round_.can_see_statistics(current_user):
        return render_template("public/statistics_pending.html", round=round_), 403
    return render_template("public/statistics.html", round=round_, charts=statistics.round_statistics(round_))


@bp.get("/statistics")
@cached_page()
def overall_statistics():
    return render_template("public/statistics.html", round=None, charts=statistics.overall_statistics())


@bp.get("/rounds/<slug>/export.<fmt>")
@cached_page()
def round_export(slug: str, fmt: str):
    round_ = round_queries.public_round_or_404(slug)
    if fmt not in ("csv", "json"):
        abort(404)
    submissions = open_data.public_submissions_for_export(round_)
    if fmt == "json":
        response = Response(open_data.as_json(round_, submissions), mimetype="application/json")
    else:
        response = Response(open_data.as_csv(round_, submissions), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{round_.slug}-submissions.csv"'
    return conditional(response)


@bp.get("/open-data")
@cached_page()
def data_dictionary():
    # str(): a lazy translation counts as markup in a template, and the meanings hold "<round>".
    fields = [(name, str(meaning)) for name, meaning in open_data.FIELDS]
    return render_template("public/open_data.html", fields=fields, rounds=round_queries.public_rounds())


@bp.get("/feeds/submissions.xml", defaults={"slug": None})
@bp.get("/rounds/<slug>/feed.xml")
@cached_page()
def feed(slug: str | None):
    round_ = round_queries.public_round_or_404(slug) if slug else None
    entries = open_data.feed_entries(round_, limit=50)
    updated = entries[0].published if entries else (round_.updated_at if round_ else utcnow())
    xml = render_template("public/feed.xml", round=round_, entries=entries, updated=updated)
    return conditional(Response(xml, mimetype="application/atom+xml"))


@bp.get("/rounds/<slug>/print")
@cached_page()
def round_print(slug: str):
    """Every published submission of a round in full, laid out for paper (print CSS)."""
    round_ = round_queries.public_round_or_404(slug)
    submissions = open_data.public_submissions_for_export(round_, limit=PRINT_LIMIT)
    return render_template(
        "public/round_print.html", round=round_, limit=PRINT_LIMIT, now=utcnow(),
        documents=[(s, public_document(s)) for s in submissions],
        questions={q.id: q for q in round_.questions},
    )
