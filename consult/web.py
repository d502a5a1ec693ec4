"""The request spine: what every view does after it has loaded, authorised and validated.

A view calls one service through ``commit_or_422`` (a page with a form) or
``commit_or_back`` (a button): the service's work is committed once when it succeeds; when
it refuses (raises ``Refused``), everything it did is rolled back and the person is told why,
with what they typed still in the form. Views never call ``db.session.commit()`` themselves::

    @bp.route("/<slug>/edit", methods=["GET", "POST"])
    def edit(slug: str):
        round_ = load_round(slug)                                   # load (404), authorise (403)
        form = round_form(round_)
        page = partial(render_round_form, form, round_)
        if not form.validate_on_submit():                           # validate
            return page(form_status())
        commit_or_422(page, services.update_round, round_, form=form,
                      actor=current_user, **round_values(form))     # one service, commit once
        flash(_("The round was saved."), "success")
        return redirect(url_for("rounds.manage", slug=round_.slug))  # respond
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, make_response, redirect, request
from flask.typing import ResponseReturnValue

from consult import db
from consult.forms import BaseForm

T = TypeVar("T")


class Refused(Exception):
    """A service declines to do what was asked. ``message`` is written for the person who
    asked (translated); ``field`` names the form field it concerns, if one does."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class ButtonForm(BaseForm):
    """Nothing but the CSRF token: the form of a button that changes something."""


def form_status() -> int:
    """200 for a form shown, 422 for one sent back with its errors."""
    return 422 if request.method == "POST" else 200


def button_or_400() -> None:
    """A button carries only its CSRF token; a stale or missing one gets the 400 page."""
    if not ButtonForm().validate_on_submit():
        abort(400)


def show_refusal(form: BaseForm | None, refusal: Refused) -> None:
    """The refusal's message at the field it names, else at the top of the form; flashed
    when there is no form."""
    if form is None:
        flash(refusal.message, "error")
        return
    field = form._fields.get(refusal.field) if refusal.field else None
    if field is not None:
        field.errors = [*field.errors, refusal.message]
    else:
        form.form_errors.append(refusal.message)


def commit_or_422(page: Callable[[int], ResponseReturnValue], service: Callable[..., T], /, *args: Any,
                  form: BaseForm | None = None, **kwargs: Any) -> T:
    """``service(*args, **kwargs)``, committed. On ``Refused``: roll back, show the message on
    ``form`` and answer ``page(422)`` — the same page, with what was typed."""
    try:
        result = service(*args, **kwargs)
    except Refused as refusal:
        db.session.rollback()
        show_refusal(form, refusal)
        abort(make_response(page(422)))
    db.session.commit()
    return result


def commit_or_back(service: Callable[..., T], /, *args: Any, back: str, **kwargs: Any) -> T:
    """For a button: ``service(*args, **kwargs)``, committed. On ``Refused``: roll back, flash
    the message and go back to ``back``."""
    try:
        result = service(*args, **kwargs)
    except Refused as refusal:
        db.session.rollback()
        show_refusal(None, refusal)
        abort(redirect(back, code=303))
    db.session.commit()
    return result
