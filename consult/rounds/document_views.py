"""Uploading, removing and downloading a round's background documents."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult import db
from consult.headers import as_download
from consult.rounds import documents, queries
from consult.rounds.forms import ButtonForm, DocumentForm
from consult.rounds.models import RoundDocument, RoundStatus
from consult.rounds.views import load_item, load_round
from consult import files

bp = Blueprint("round_documents", __name__)


@bp.post("/my-rounds/<slug>/documents")
def upload(slug: str):
    round_ = load_round(slug)
    form = DocumentForm()
    if not form.validate_on_submit():
        for message in form.documents.errors or [_("Your session expired; please choose the files again.")]:
            flash(message, "error")
        return redirect(url_for("rounds.manage", slug=round_.slug, _anchor="background-documents"))
    problems = documents.add_documents(round_, form.documents.data or [], actor=current_user)
    db.session.commit()
    for problem in problems:
        flash(problem, "error")
    if not problems:
        flash(_("The documents were added."), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug, _anchor="background-documents"))


@bp.post("/my-rounds/<slug>/documents/<int:document_id>/remove")
def remove(slug: str, document_id: int):
    round_ = load_round(slug)
    document = load_item(round_, RoundDocument, document_id)
    if not ButtonForm().validate_on_submit():
        flash(_("Your session expired; nothing was removed. Please try again."), "error")
    else:
        documents.remove_document(round_, document, actor=current_user)
        db.session.commit()
        flash(_("The document was removed."), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug, _anchor="background-documents"))


@bp.get("/rounds/<slug>/documents/<int:document_id>")
def download(slug: str, document_id: int):
    round_ = queries.get_round_by_slug(slug)
    document = db.session.get(RoundDocument, document_id)
    if round_ is None or document is None or document.round_id != round_.id or not round_.can_view(current_user):
        abort(404)
    try:
        path = files.path_for(document.storage_key)
    except ValueError:
        abort(404)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=document.content_type, as_attachment=True, download_name=document.filename,
                         max_age=0 if round_.status == RoundStatus.DRAFT else 3600)
    return as_download(response)
