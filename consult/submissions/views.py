"""The organisation's side of a submission: start, write, save, send, withdraw, receipts."""
from __future__ import annotations

import io
import secrets
from functools import partial

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from consult import db
from consult.dates import in_zone
from consult.i18n import current_locale
from consult.headers import as_download
from consult.limits import (UPLOADS_PER_ACCOUNT, UPLOADS_PER_IP, UPLOADS_REFUSED, account_or_address,
                            carries_no_files, limiter)
from consult.organisations import individuals
from consult.organisations.models import Organisation
from consult.rounds import queries as round_queries
from consult.security import require
from consult import files as attachment_files
from consult.submissions import queries, services
from consult.submissions import sending as sending_services
from consult.submissions.forms import (CONSENT_HINTS, INDIVIDUAL_CONSENT_HINTS, MyselfForm, StartForm, SubmissionForm,
                                      WithdrawForm)
from consult.submissions.models import Submission
from consult.submissions.public_text import public_attachment_text, public_document
from consult.submissions.sending import FormResult, Outcome
from consult.web import ButtonForm, button_or_400, commit_or_422, commit_or_back, form_status

bp = Blueprint("submissions", __name__)


# A page that lists other input (a recommendation's supporting input, cited passages) shows
# its public form; a global rather than a context processor so that imported macros see it.
bp.add_app_template_global(public_document)


def _load(reference: str, *, for_update: bool = False) -> Submission:
    # Every page here shows the round and the organisation: one query instead of three.
    query = (select(Submission).where(Submission.reference == reference)
             .options(joinedload(Submission.round, innerjoin=True), joinedload(Submission.organisation, innerjoin=True)))
    if for_update:  # a second click waits for the first to finish, then sees its result
        query = query.with_for_update(of=Submission)  # the submission only: the round stays free
    submission = db.session.scalar(query)
    if submission is None:
        abort(404)
    return submission


def _form_data(submission: Submission) -> dict:
    data = {
        "lock_version": submission.lock_version, "title": submission.title, "summary": submission.summary,
        "language": submission.language, "consent": submission.consent.value,
        "sessions": [s.id for s in submission.sessions],
        "on_behalf_of": submission.on_behalf_of, "on_behalf_consent": submission.on_behalf_consent,
    }
    data.update({f"answer_{a.question_id}": a.text for a in submission.answers})
    data.update({f"confidential_{a.question_id}": a.confidential for a in submission.answers})
    data["confidential_attachments"] = [a.id for a in submission.attachments if a.confidential]
    return data


def _render_form(submission: Submission, form: SubmissionForm, status: int = 200, problem: str | None = None):
    return render_template(
        "submissions/edit.html", submission=submission, round=submission.round, form=form,
        problem=problem, accepted_types=attachment_files.ACCEPTED_LABEL, consent_hints=INDIVIDUAL_CONSENT_HINTS if submission.organisation.is_individual else CONSENT_HINTS,
        button_form=ButtonForm(formdata=None),
    ), status


@bp.get("/my/submissions")
@login_required
def dashboard():
    return render_template("submissions/dashboard.html", organisations=queries.dashboard(current_user),
                           new_token=lambda: secrets.token_urlsafe(24),
                           start_csrf_token=lambda: StartForm(formdata=None).csrf_token.current_token)


def _start_page(round_, form: StartForm, status: int, myself: MyselfForm | None = None):
    organisations = [(o, queries.start_problem(round_, o, current_user))
                     for o in queries.member_organisations(current_user) if not o.is_individual]
    profile = individuals.profile_of(current_user)
    if myself is None:
        myself = MyselfForm(formdata=None, obj=profile, form_token=secrets.token_urlsafe(24))
    return render_template("submissions/start.html", round=round_, organisations=organisations,
                           form=form, myself=myself, new_token=lambda: secrets.token_urlsafe(24)), status


def _chosen_organisation(form: StartForm) -> Organisation | None:
    """The organisation the start button names (403 if it is not the person's); None, with
    the reason flashed, when the button cannot be acted on."""
    valid = form.validate()
    if form.organisation_id.errors:  # only a tampered page sends something that is no id
        flash(_("Please choose one of your organisations."), "error")
        return None
    organisation = db.session.get(Organisation, form.organisation_id.data)
    require(organisation is not None and organisation.id in current_user.organisation_ids())
    if not valid:
        flash(_("Your session expired or the page was open for too long. Please press the button again."), "error")
        return None
    return organisation


@bp.route("/rounds/<slug>/start", methods=["GET", "POST"])
@login_required
def start(slug: str):
    round_ = round_queries.visible_round_or_404(slug, current_user)
    form = StartForm()
    page = partial(_start_page, round_, form)
    if request.method == "GET":
        return page(200)
    organisation = _chosen_organisation(form)
    if organisation is None:
        return page(422)
    submission = commit_or_422(page, sending_services.start, round_, organisation, actor=current_user,
                               form_token=form.form_token.data, interface_language=current_locale())
    return redirect(url_for("submissions.edit", reference=submission.reference), code=303)


@bp.post("/rounds/<slug>/start/myself")
@login_required
def start_as_myself(slug: str):
    """Send input as oneself (a round that accepts individuals); refused with a clear message elsewhere."""
    round_ = round_queries.visible_round_or_404(slug, current_user)
    myself = MyselfForm()
    page = partial(_start_page, round_, StartForm(formdata=None), myself=myself)
    if not myself.validate():
        return page(422)
    submission = commit_or_422(page, sending_services.start_as_myself, round_, myself.values(), actor=current_user,
                               form_token=myself.form_token.data, interface_language=current_locale(), form=myself)
    return redirect(url_for("submissions.edit", reference=submission.reference), code=303)


def _posted_text() -> bool:
    return any(k.startswith("answer_") or k in ("title", "summary") for k, v in request.form.items() if v.strip())


def _logged_out(reference: str):
    """The session ended while they typed: give every word back, never throw it away. The
    same 401 whether the reference exists or not, unless there is text to give back."""
    if not (request.method == "POST" and _posted_text()):
        abort(401)
    submission = _load(reference)
    form = SubmissionForm.for_round(submission.round, individual=submission.organisation.is_individual, meta={"csrf": False})
    return render_template("submissions/rescue.html", submission=submission, form=form), 401


@bp.route("/my/submissions/<reference>", methods=["GET", "POST"])
@limiter.limit(UPLOADS_PER_IP, methods=["POST"], exempt_when=carries_no_files, error_message=UPLOADS_REFUSED)
@limiter.limit(UPLOADS_PER_ACCOUNT, methods=["POST"], key_func=account_or_address, exempt_when=carries_no_files,
               error_message=UPLOADS_REFUSED)
def edit(reference: str):
    if not current_user.is_authenticated:
        return _logged_out(reference)
    if request.method == "GET":
        submission = _load(reference)
        require(submission.can_edit(current_user))
        return _render_form(submission, SubmissionForm.for_round(submission.round, individual=submission.organisation.is_individual, data=_form_data(submission)))
    # Read, type and hash the uploaded files before the first query: on SQLite the write
    # lock is held from there to the commit, and every other writer waits for it.
    files = attachment_files.prepare_uploads(request.files.getlist("attachments"),
                                             max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
    submission = _load(reference, for_update=True)
    require(submission.can_edit(current_user))
    form = SubmissionForm.for_round(submission.round, individual=submission.organisation.is_individual)
    page = partial(_render_form, submission, form)
    if not form.validate():
        return page(422)
    sending = request.form.get("action") == "send"
    require(not sending or submission.can_send(current_user) or not submission.accepts_input_now())
    result = commit_or_422(
        page, sending_services.submit_form, submission, form=form, actor=current_user, content=form.content(),
        sending=sending, complete=not sending or form.validate_for_sending(), files=files,
        remove_attachment_ids=[int(v) for v in request.form.getlist("remove_attachment") if v.isdigit()],
        expected_version=form.lock_version.data)
    return _form_response(submission, form, result, sending)


def _form_response(submission: Submission, form: SubmissionForm, result: FormResult, sending: bool):
    """What the person sees after the form's one call, by what happened."""
    if result.saved:
        _show_saved(form, submission)
    if result.outcome in (Outcome.SENT, Outcome.SAVED, Outcome.ALREADY_RECORDED):
        if result.outcome != Outcome.SENT:
            flash(result.message or _("Draft saved."), "success")
        return redirect(_after(submission, sending), code=303)
    if result.outcome == Outcome.STALE:
        form.lock_version.data = submission.lock_version
        return _render_form(submission, form, 409, result.message)
    form.add_attachment_errors(result.problems)
    return _render_form(submission, form, 422, result.message)


def _show_saved(form: SubmissionForm, submission: Submission) -> None:
    """The form shown again after a save: the new version, and the language as stored (the
    text may have corrected it, and a list left showing the old one would read as a choice)."""
    form.lock_version.data = submission.lock_version
    form.language.data = submission.language


def _after(submission: Submission, sending: bool) -> str:
    if sending:
        return url_for("submissions.receipt", reference=submission.reference)
    return url_for("submissions.edit", reference=submission.reference)


@bp.post("/my/submissions/<reference>/autosave")
def autosave(reference: str):
    if not current_user.is_authenticated:  # before loading: nothing said about the reference
        return jsonify(error=_("You are logged out. Your text is kept in this browser.")), 401
    submission = _load(reference, for_update=True)
    if not submission.can_edit(current_user):
        return jsonify(error=_("Not allowed.")), 403
    if not submission.is_draft_like:
        return jsonify(error=_("Not saved: a text already sent changes only when you send it again.")), 409
    form = SubmissionForm.for_round(submission.round, individual=submission.organisation.is_individual)
    if not form.validate():
        return _autosave_invalid(form)
    # A stale autosave is a conflict with another window (409), not bad input.
    commit_or_422(lambda _status: (jsonify(error=form.form_errors[-1]), 409), sending_services.save, submission,
                  form=form, actor=current_user, content=form.content(), expected_version=form.lock_version.data)
    saved = in_zone(submission.updated_at, submission.round.timezone)
    return jsonify(lock_version=submission.lock_version, language=submission.language,
                   message=_("Saved at %(time)s", time=saved.strftime("%H:%M")))


def _autosave_invalid(form: SubmissionForm):
    if form.csrf_failed:
        return jsonify(error=_("Not saved: please reload the page. Your text is kept in this browser.")), 400
    return jsonify(error=_("Not saved: %(problems)s", problems="; ".join(m for _i, m in form.error_summary()))), 422


@bp.route("/my/submissions/<reference>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(reference: str):
    submission = _load(reference, for_update=request.method == "POST")
    require(submission.can_withdraw(current_user))
    form = WithdrawForm(data={"lock_version": submission.lock_version} if request.method == "GET" else None)
    if not form.validate_on_submit():
        return render_template("submissions/withdraw.html", submission=submission, form=form), form_status()
    commit_or_back(sending_services.withdraw, submission, actor=current_user, expected_version=form.lock_version.data,
                   back=url_for("submissions.withdraw", reference=reference))
    flash(_("Your submission %(reference)s has been withdrawn.", reference=reference), "success")
    return redirect(url_for("submissions.dashboard"), code=303)


@bp.get("/my/submissions/<reference>/receipt")
@login_required
def receipt(reference: str):
    submission = _load(reference)
    require(submission.can_edit(current_user))
    if not submission.versions:
        abort(404)
    return render_template("submissions/receipt.html", submission=submission, version=submission.versions[-1])


@bp.get("/my/submissions/<reference>/versions/<int:number>")
@login_required
def print_version(reference: str, number: int):
    submission = _load(reference)
    require(submission.can_edit(current_user))
    version = next((v for v in submission.versions if v.number == number), None)
    if version is None:
        abort(404)
    return render_template(
        "submissions/print.html", submission=submission, version=version,
        questions=submission.round.questions, attachments=services.received_attachments(submission, version),
    )


@bp.post("/my/submissions/<reference>/attachments/<int:attachment_id>/replace")
@login_required
def replace_attachment(reference: str, attachment_id: int):
    files = attachment_files.prepare_uploads(request.files.getlist("replacement"),  # before the first query
                                             max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
    submission = _load(reference, for_update=True)
    attachment = next((a for a in submission.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    require(attachment.can_replace(current_user))
    button_or_400()
    back = url_for("submissions.edit", reference=reference, _anchor="replace-files")
    commit_or_back(services.replace_attachment, attachment, files[0] if files else None, actor=current_user,
                   back=back)
    flash(_("The file was replaced. Send your submission again when it is ready."), "success")
    return redirect(back, code=303)


@bp.get("/attachments/<int:attachment_id>")
def download(attachment_id: int):
    attachment = queries.get_attachment(attachment_id)
    if attachment is None or not attachment.can_download(current_user):
        abort(404)  # unpublished, withheld and confidential files are not admitted to exist
    if attachment.serves_redacted_text_to(current_user):
        response = send_file(io.BytesIO(public_attachment_text(attachment).encode()), as_attachment=True,
                             mimetype="text/plain; charset=utf-8", download_name=attachment.public_filename, max_age=0)
    else:
        stored = attachment.version_for(current_user)  # the public gets a moderator's redacted version
        path = attachment_files.existing_path(stored.storage_key)
        if path is None:
            abort(404)
        response = send_file(path, mimetype=stored.content_type, as_attachment=True,
                             download_name=stored.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return as_download(response)
