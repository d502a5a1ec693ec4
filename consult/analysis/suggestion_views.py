"""Pages of suggestions and of the first read: staff of the round only (its conveners and
moderators), like the rest of the analysis. Thin: load, authorise, validate, one service."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult import db
from consult.analysis import overview as overviews
from consult.analysis import suggestions as suggesting
from consult.analysis.models import Stance, Theme
from consult.analysis.passages import part_label
from consult.analysis.queries import analysed_round_or_404, codebook_of
from consult.analysis.suggestion_forms import SuggestionForm
from consult.web import commit_or_422

bp = Blueprint("analysis_suggestions", __name__, url_prefix="/rounds/<slug>/analysis")


def theme_or_404(round_, theme_id: int) -> Theme:
    """A theme of this round's codebook; another round's theme is as missing as none."""
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.round_id != round_.id:
        abort(404)
    return theme


def render_suggestions(round_, theme: Theme, form: SuggestionForm, status: int = 200):
    found = suggesting.suggestions_for(theme)
    submissions = suggesting.shown_submissions(found.items)
    parts = {(i.submission_id, i.part): part_label(submissions[i.submission_id], i.part) for i in found.items}
    return render_template(
        "analysis/suggestions.html", round=round_, theme=theme, found=found, form=form,
        submissions=submissions, parts=parts, stances=[(s.value, str(s.label)) for s in Stance],
    ), status


@bp.get("/themes/<int:theme_id>/suggestions")
def suggestions(slug: str, theme_id: int):
    round_ = analysed_round_or_404(slug, current_user)
    theme = theme_or_404(round_, theme_id)
    return render_suggestions(round_, theme, SuggestionForm(formdata=None))


@bp.post("/themes/<int:theme_id>/suggestions")
def decide(slug: str, theme_id: int):
    round_ = analysed_round_or_404(slug, current_user)
    theme = theme_or_404(round_, theme_id)
    form = SuggestionForm()
    page = partial(render_suggestions, round_, theme, form)
    if not form.validate_on_submit():
        return page(422)
    commit_or_422(page, suggesting.decide, theme, form=form, actor=current_user, decision=form.decision.data,
                  submission_id=form.submission.data, part=form.part.data, passage=form.passage.data,
                  stance=Stance(form.stance.data))
    if form.decision.data == "confirm":
        flash(_("The passage is tagged with “%(theme)s”.", theme=theme.title), "success")
    else:
        flash(_("The suggestion is dismissed: it will not come back for this theme."), "success")
    return redirect(url_for(".suggestions", slug=round_.slug, theme_id=theme.id), code=303)


@bp.get("/overview")
def overview(slug: str):
    round_ = analysed_round_or_404(slug, current_user)
    codebook = codebook_of(round_)
    return render_template(
        "analysis/overview.html", round=round_, codebook=codebook, overview=overviews.overview_of(round_),
        themes=codebook.themes if codebook else [], min_examples=suggesting.MIN_EXAMPLES,
    )
