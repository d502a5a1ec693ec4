"""Moderation pages: the queue, the review page and its decisions, redactions, bulk
decisions, public reports, contesting a rejection and the public moderation summary."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import db
from consult.db import get_or_404
from consult.limits import limiter
from consult.moderation import queries, services
from consult.moderation.forms import BulkDecisionForm, ConfirmForm, ContestForm, DecisionForm, QueueFilterForm, ReportForm
from consult.moderation.models import ReportReason, SubmissionReport
from consult.moderation.review import make_redaction_form, render_review
from consult.rounds import queries as round_queries
from consult.security import require
from consult.submissions import queries as submission_queries
from consult.submissions.models import Redaction, RedactionReason, Submission
from consult.submissions.states import Action

bp = Blueprint("moderation", __name__)


@bp.app_context_processor
def _navigation():
    return {
        "moderates_any_round": lambda: queries.moderates_any_round(current_user),
        "can_contest": lambda submission: services.can_contest(submission, current_user),
    }


# --- the queue ---------------------------------------------------------------------------
@bp.get("/moderation/")
@login_required
def index():
    rounds = queries.moderated_rounds(current_user)
    require(bool(rounds))
    return _queue_page(rounds, round_=None)


@bp.get("/moderation/rounds/<slug>")
@login_required
def round_queue(slug: str):
    round_ = round_queries.get_round_by_slug(slug)
    if round_ is None:
        abort(404)
    require(round_.can_moderate(current_user))
    return _queue_page([round_], round_=round_)


def _queue_page(rounds, round_):
    round_ids = [r.id for r in rounds]
    sessions = [s for r in rounds for s in r.sessions]
    form = QueueFilterForm(sessions=sessions, countries=queries.countries(round_ids))
    valid = form.validate()
    page = queries.queue(round_ids, form.filters())
    status = 200 if valid else 422
    return render_template(
        "moderation/queue.html", form=form, page=page, round=round_, rounds=rounds,
        bulk_actions=services.DECISION_ACTIONS, action_labels=services.ACTION_LABELS,
    ), status


# --- one submission ----------------------------------------------------------------------
def _load_for_decision(submission_id: int) -> Submission:
    submission = get_or_404(Submission, submission_id)
    require(services.can_decide(submission, current_user))
    return submission


@bp.get("/moderation/submissions/<int:submission_id>")
@login_required
def review(submission_id: int):
    submission = _load_for_decision(submission_id)
    form = DecisionForm(lock_version=submission.lock_version)
    return render_review(submission, decision_form=form)


@bp.post("/moderation/submissions/<int:submission_id>/decision")
@login_required
def decide(submission_id: int):
    submission = _load_for_decision(submission_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_review(submission, decision_form=form, status=422)
    try:
        services.decide(
            submission, Action(form.action.data), actor=current_user, expected_version=int(form.lock_version.data),
            message=form.message.data, reason_code=form.reason_code.data or None, grace_days=form.grace_days_value(),
        )
    except services.StaleDecision as exc:
        # What they typed stays; the version is refreshed so that a deliberate retry works.
        form.lock_version.data = str(submission.lock_version)
        return render_review(submission, decision_form=form, problem=str(exc), status=409)
    except services.DecisionRefused as exc:
        return render_review(submission, decision_form=form, problem=str(exc), status=422)
    db.session.commit()
    flash(_("Decision recorded: %(reference)s was %(outcome)s.", reference=submission.reference,
            outcome=services.OUTCOME_LABELS[Action(form.action.data)]), "success")
    return redirect(url_for("moderation.round_queue", slug=submission.round.slug))


@bp.post("/moderation/submissions/<int:submission_id>/redactions")
@login_required
def redact(submission_id: int):
    submission = _load_for_decision(submission_id)
    form = make_redaction_form(submission)
    if not form.validate_on_submit():
        return render_review(submission, redaction_form=form, status=422)
    try:
        services.add_redaction(
            submission, actor=current_user, field=form.field.data, passage=form.passage.data,
            reason=RedactionReason(form.reason.data), note=form.note.data,
        )
    except services.RedactionRefused as exc:
        form.passage.errors = [*form.passage.errors, str(exc)]
        return render_review(submission, redaction_form=form, status=422)
    db.session.commit()
    flash(_("The passage is withheld from the public."), "success")
    return redirect(url_for("moderation.review", submission_id=submission.id, _anchor="redactions"))


@bp.post("/moderation/redactions/<int:redaction_id>/remove")
@login_required
def remove_redaction(redaction_id: int):
    redaction = get_or_404(Redaction, redaction_id)
    require(services.can_decide(redaction.submission, current_user))
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.remove_redaction(redaction, actor=current_user)
    except services.RedactionRefused as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The redaction was removed; the passage is public again."), "success")
    return redirect(url_for("moderation.review", submission_id=redaction.submission_id, _anchor="redactions"))


@bp.post("/moderation/reports/<int:report_id>/dismiss")
@login_required
def dismiss_report(report_id: int):
    item = get_or_404(SubmissionReport, report_id)
    require(services.can_decide(item.submission, current_user))
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.dismiss_report(item, actor=current_user)
    except services.DecisionRefused as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Report dismissed."), "success")
    return redirect(url_for("moderation.review", submission_id=item.submission_id, _anchor="reports"))


# --- bulk decisions ------------------------------------------------------------------------
def _selection() -> list[tuple[Submission, int]]:
    """``items`` are "id:version" pairs from the queue's checkboxes; malformed ones are dropped."""
    pairs: dict[int, int] = {}
    for raw in request.values.getlist("items")[:500]:
        sid, _sep, version = raw.partition(":")
        if sid.isdigit() and version.isdigit():
            pairs[int(sid)] = int(version)
    return [(s, pairs[s.id]) for s in queries.submissions_for_bulk(list(pairs))]


@bp.route("/moderation/bulk", methods=["GET", "POST"])
@login_required
def bulk():
    """GET: the confirmation page for the queue's selection. POST: apply it."""
    require(queries.moderates_any_round(current_user))
    selection = [(s, v) for s, v in _selection() if services.can_decide(s, current_user)]
    if not selection:
        flash(_("Select at least one submission in the queue."), "error")
        return redirect(url_for("moderation.index"))
    if request.method == "GET":
        form = BulkDecisionForm(formdata=None, action=request.args.get("action", ""))
        return _bulk_page(form, selection)
    form = BulkDecisionForm()
    if not form.validate_on_submit():
        return _bulk_page(form, selection, status=422)
    action = Action(form.action.data)
    applied, skipped = services.bulk_decide(
        selection, action, actor=current_user, message=form.message.data,
        reason_code=form.reason_code.data or None, grace_days=form.grace_days_value(),
    )
    db.session.commit()
    return render_template("moderation/bulk_done.html", applied=applied, skipped=skipped,
                           outcome=services.OUTCOME_LABELS[action])


def _bulk_page(form, selection, status=200):
    action = form.action.data if form.action.data in {a.value for a in services.DECISION_ACTIONS} else None
    rows = [(s, v, services.why_not(s, Action(action), current_user) if action else None) for s, v in selection]
    return render_template("moderation/bulk.html", form=form, rows=rows, action=action), status


# --- the public and the submitters -------------------------------------------------------
@bp.route("/submissions/<reference>/report", methods=["GET", "POST"])
@limiter.limit("5/minute;30/hour", methods=["POST"], deduct_when=lambda response: response.status_code < 400)
def report(reference: str):
    submission = submission_queries.get_by_reference(reference)
    if submission is None or not submission.is_public():
        abort(404)
    form = ReportForm()
    if not form.validate_on_submit():
        return render_template("moderation/report.html", submission=submission, form=form), (
            422 if request.method == "POST" else 200
        )
    services.report(submission, reason=ReportReason(form.reason.data), text=form.text.data)
    db.session.commit()
    flash(_("Thank you. A moderator will look at this submission."), "success")
    return redirect(url_for("public.submission_detail", reference=submission.reference))


@bp.route("/moderation/submissions/<int:submission_id>/contest", methods=["GET", "POST"])
@login_required
def contest(submission_id: int):
    submission = get_or_404(Submission, submission_id)
    require(services.can_contest(submission, current_user))
    form = ContestForm()
    if not form.validate_on_submit():
        return render_template("moderation/contest.html", submission=submission, form=form), (
            422 if request.method == "POST" else 200
        )
    services.contest(submission, actor=current_user, message=form.message.data)
    db.session.commit()
    flash(_("Your submission is back in the moderation queue."), "success")
    return redirect(url_for("public.submission_detail", reference=submission.reference))


@bp.get("/rounds/<slug>/moderation")
def summary(slug: str):
    round_ = round_queries.get_round_by_slug(slug)
    if round_ is None or not round_.can_view(current_user):
        abort(404)
    return render_template("moderation/summary.html", round=round_, summary=queries.summary(round_.id),
                           outcome_labels=services.OUTCOME_LABELS, actions=list(services.OUTCOME_LABELS))
