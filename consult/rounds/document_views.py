"""Uploading, removing and downloading a round's background documents."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.headers import as_download
from consult.rounds import documents, queries
from consult.rounds.forms import DocumentForm
from consult.rounds.models import RoundDocument, RoundStatus
from consult.web import ButtonForm, commit_or_back

bp = Blueprint("round_documents", __name__)


def documents_url(round_) -> str:
    return url_for("rounds.manage", slug=round_.slug, _anchor="background-documents")


def back_to_documents(round_, *messages: tuple[str, str]):
    """To the documents on the round's page, with each (message, category) flashed."""
    for message, category in messages:
        flash(message, category)
    return redirect(documents_url(round_))


@bp.post("/my-rounds/<slug>/documents")
def upload(slug: str):
    round_ = queries.managed_round_or_404(slug, current_user)
    form = DocumentForm()
    if not form.validate_on_submit():
        errors = form.documents.errors or [_("Your session expired; please choose the files again.")]
        return back_to_documents(round_, *[(message, "error") for message in errors])
    problems = commit_or_back(documents.add_documents, round_, form.documents.data or [], actor=current_user,
                              back=documents_url(round_))
    done = [(problem, "error") for problem in problems] or [(_("The documents were added."), "success")]
    return back_to_documents(round_, *done)


@bp.post("/my-rounds/<slug>/documents/<int:document_id>/remove")
def remove(slug: str, document_id: int):
    round_ = queries.managed_round_or_404(slug, current_user)
    document = queries.round_item_or_404(round_, RoundDocument, document_id)
    if not ButtonForm().validate_on_submit():
        # Not the 400 page of other buttons: the manage page says what happened, keeps the list.
        return back_to_documents(round_, (_("Your session expired; nothing was removed. Please try again."), "error"))
    commit_or_back(documents.remove_document, round_, document, actor=current_user,
                   back=documents_url(round_))
    return back_to_documents(round_, (_("The document was removed."), "success"))


@bp.get("/rounds/<slug>/documents/<int:document_id>")
def download(slug: str, document_id: int):
    round_ = queries.visible_round_or_404(slug, current_user)
    document = queries.round_item_or_404(round_, RoundDocument, document_id)
    path = documents.stored_path(document)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=document.content_type, as_attachment=True, download_name=document.filename,
                         max_age=0 if round_.status == RoundStatus.DRAFT else 3600)
    return as_download(response)
