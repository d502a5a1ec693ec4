"""Moderation pages: the queue, the review page and its decisions, redactions, bulk
decisions, public reports, contesting a rejection and the public moderation summary."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import files as stored_files
from consult.db import get_or_404
from consult.headers import as_download
from consult.limits import limiter
from consult.moderation import queries, redacted_files, services
from consult.moderation.forms import (BulkDecisionForm, ContestForm, DecisionForm, QueueFilterForm, RedactedFileForm,
                                      ReportForm, WithholdForm)
from consult.moderation.models import Decision, ReportReason, SubmissionReport
from consult.moderation.review import make_redaction_form, render_review
from consult.rounds import queries as round_queries
from consult.security import require
from consult.submissions import queries as submission_queries
from consult.submissions.models import Attachment, Redaction, RedactionReason, Submission
from consult.web import button_or_400, commit_or_422, commit_or_back, form_status

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
        bulk_actions=[Decision(a) for a in services.DECISION_ACTIONS],
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
    form = DecisionForm(lock_version=submission.lock_version, files=submission.attachments)
    return render_review(submission, decision_form=form)


@bp.post("/moderation/submissions/<int:submission_id>/decision")
@login_required
def decide(submission_id: int):
    submission = _load_for_decision(submission_id)
    form = DecisionForm(files=submission.attachments)
    if not form.validate_on_submit():
        return render_review(submission, 422, decision_form=form)
    decision = Decision(form.action.data)
    commit_or_422(
        partial(_refused_decision, submission, form), services.decide, submission, decision.action, form=form,
        actor=current_user, expected_version=int(form.lock_version.data), message=form.message.data,
        reason_code=form.reason_code.data or None, grace_days=form.grace_days_value(),
        replace_attachment_id=form.replace_attachment_id(),
        confirm_personal_data=form.confirm_personal_data.data,
    )
    flash(_("Decision recorded: %(reference)s was %(outcome)s.", reference=submission.reference,
            outcome=decision.phrase), "success")
    return redirect(url_for("moderation.round_queue", slug=submission.round.slug))


def _refused_decision(submission: Submission, form: DecisionForm, status: int):
    """The review page after a refusal, with what was typed. Only the service's "someone else
    decided first" lands on the version field (the form's own check of it had passed): that is
    a conflict (409), and the form takes the current version so that a deliberate retry works."""
    stale = form.lock_version.errors
    if stale:
        form.lock_version.errors = []
        form.form_errors.extend(stale)
        form.lock_version.data = str(submission.lock_version)
    return render_review(submission, 409 if stale else status, decision_form=form)


@bp.post("/moderation/submissions/<int:submission_id>/redactions")
@login_required
def redact(submission_id: int):
    submission = _load_for_decision(submission_id)
    form = make_redaction_form(submission)
    page = partial(render_review, submission, redaction_form=form)
    if not form.validate_on_submit():
        return page(422)
    commit_or_422(
        page, services.add_redaction, submission, form=form, actor=current_user, field=form.field.data,
        passage=form.passage.data, reason=RedactionReason(form.reason.data), note=form.note.data,
    )
    flash(_("The passage is withheld from the public."), "success")
    return redirect(url_for("moderation.review", submission_id=submission.id, _anchor="redactions"))


@bp.post("/moderation/redactions/<int:redaction_id>/remove")
@login_required
def remove_redaction(redaction_id: int):
    redaction = get_or_404(Redaction, redaction_id)
    return _review_button(redaction.submission, "redactions", services.remove_redaction, redaction,
                          done=_("The redaction was removed; the passage is public again."))


@bp.post("/moderation/attachments/<int:attachment_id>/withhold")
@login_required
def withhold_attachment(attachment_id: int):
    attachment = get_or_404(Attachment, attachment_id)
    submission = _load_for_decision(attachment.submission_id)
    form = WithholdForm(prefix=f"withhold-{attachment.id}")
    page = partial(render_review, submission, withhold_forms={attachment.id: form})
    if not form.validate_on_submit():
        return page(422)
    commit_or_422(page, services.withhold_attachment, attachment, form=form, actor=current_user,
                  reason=RedactionReason(form.reason.data), note=form.note.data)
    flash(_("The file is withheld from the public."), "success")
    return redirect(url_for("moderation.review", submission_id=submission.id, _anchor="attachments"))


@bp.post("/moderation/attachments/<int:attachment_id>/release")
@login_required
def release_attachment(attachment_id: int):
    attachment = get_or_404(Attachment, attachment_id)
    return _review_button(attachment.submission, "attachments", services.release_attachment, attachment,
                          done=_("The file is no longer withheld: the public gets it with the submission."))


@bp.post("/moderation/attachments/<int:attachment_id>/redacted-file")
@login_required
def upload_redacted_file(attachment_id: int):
    prefix = f"redacted-{attachment_id}"
    uploads = stored_files.prepare_uploads(request.files.getlist(f"{prefix}-file"),  # before the first query
                                           max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
    attachment = get_or_404(Attachment, attachment_id)
    submission = _load_for_decision(attachment.submission_id)
    form = RedactedFileForm(prefix=prefix)
    page = partial(render_review, submission, redacted_file_forms={attachment.id: form})
    if not form.validate_on_submit():
        return page(422)
    commit_or_422(page, redacted_files.upload_redacted_file, attachment, uploads[0] if uploads else None, form=form,
                  actor=current_user)
    flash(_("The public now downloads the redacted version in place of %(name)s.", name=attachment.filename),
          "success")
    return redirect(url_for("moderation.review", submission_id=submission.id, _anchor="attachments"))


@bp.post("/moderation/attachments/<int:attachment_id>/redacted-file/remove")
@login_required
def remove_redacted_file(attachment_id: int):
    attachment = get_or_404(Attachment, attachment_id)
    return _review_button(attachment.submission, "attachments", redacted_files.remove_redacted_file, attachment,
                          done=_("The redacted version was removed: the public gets the original file again."))


@bp.get("/moderation/attachments/<int:attachment_id>/redacted-file")
@login_required
def download_redacted_file(attachment_id: int):
    attachment = get_or_404(Attachment, attachment_id)
    _load_for_decision(attachment.submission_id)
    redacted = attachment.redacted_file
    path = stored_files.existing_path(redacted.storage_key) if redacted is not None else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype=redacted.content_type, as_attachment=True, download_name=redacted.filename,
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return as_download(response)


@bp.post("/moderation/reports/<int:report_id>/dismiss")
@login_required
def dismiss_report(report_id: int):
    item = get_or_404(SubmissionReport, report_id)
    return _review_button(item.submission, "reports", services.dismiss_report, item, done=_("Report dismissed."))


def _review_button(submission: Submission, section: str, service, item, *, done: str):
    """A button in a section of the review page: allowed to whoever may decide on the
    submission; one service; back to that section, with its refusal if it refused."""
    require(services.can_decide(submission, current_user))
    button_or_400()
    back = url_for("moderation.review", submission_id=submission.id, _anchor=section)
    commit_or_back(service, item, actor=current_user, back=back)
    flash(done, "success")
    return redirect(back)


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
    """GET: the confirmation page for the queue's selection (the action chosen in the queue
    comes in the query string). POST: apply it."""
    require(queries.moderates_any_round(current_user))
    selection = [(s, v) for s, v in _selection() if services.can_decide(s, current_user)]
    if not selection:
        flash(_("Select at least one submission in the queue."), "error")
        return redirect(url_for("moderation.index"))
    form = BulkDecisionForm(action=request.args.get("action", ""))
    if not form.validate_on_submit():
        return _bulk_page(form, selection, form_status())
    decision = Decision(form.action.data)
    applied, skipped = commit_or_422(
        partial(_bulk_page, form, selection), services.bulk_decide, selection, decision.action, form=form,
        actor=current_user, message=form.message.data, reason_code=form.reason_code.data or None,
        grace_days=form.grace_days_value(),
    )
    return render_template("moderation/bulk_done.html", applied=applied, skipped=skipped, outcome=decision.phrase)


def _bulk_page(form, selection, status=200):
    action = form.action.data if form.action.data in {a.value for a in services.DECISION_ACTIONS} else None
    rows = [(s, v, services.why_not(s, Decision(action).action, current_user) if action else None)
            for s, v in selection]
    return render_template("moderation/bulk.html", form=form, rows=rows, action=action), status


# --- the public and the submitters -------------------------------------------------------
def _submission_form_page(template: str, submission: Submission, form, status: int):
    return render_template(template, submission=submission, form=form), status


@bp.route("/submissions/<reference>/report", methods=["GET", "POST"])
@limiter.limit("5/minute;30/hour", methods=["POST"], deduct_when=lambda response: response.status_code < 400)
def report(reference: str):
    submission = submission_queries.get_by_reference(reference)
    if submission is None or not submission.is_public():
        abort(404)
    form = ReportForm()
    page = partial(_submission_form_page, "moderation/report.html", submission, form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.report, submission, form=form, reason=ReportReason(form.reason.data),
                  text=form.text.data)
    flash(_("Thank you. A moderator will look at this submission."), "success")
    return redirect(url_for("public.submission_detail", reference=submission.reference))


@bp.route("/moderation/submissions/<int:submission_id>/contest", methods=["GET", "POST"])
@login_required
def contest(submission_id: int):
    submission = get_or_404(Submission, submission_id)
    require(services.can_contest(submission, current_user))
    form = ContestForm()
    page = partial(_submission_form_page, "moderation/contest.html", submission, form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.contest, submission, form=form, actor=current_user, message=form.message.data)
    flash(_("Your submission is back in the moderation queue."), "success")
    return redirect(url_for("public.submission_detail", reference=submission.reference))


@bp.get("/rounds/<slug>/moderation")
def summary(slug: str):
    round_ = round_queries.visible_round_or_404(slug, current_user)
    return render_template("moderation/summary.html", round=round_, summary=queries.summary(round_.id),
                           actions=list(Decision))
