"""The pages of a round's analysis: its home page (the codebook with counts), the codebook's
themes and the library, the analysis page of a submission where analysts tag passages, a
theme's passages, and publication. Analysts are the round's conveners and moderators; only
conveners edit the codebook and publish. Once the analysis is published with the outcome,
the public reads the home page and the themes' passages (public input only, redacted)."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult import db
from consult.analysis import queries, reading, services
from consult.analysis.forms import LibraryForm, StartForm, TagFields, TagForm, ThemeForm
from consult.analysis.library import GROUPS, themes_of
from consult.analysis.models import CodebookOrigin, Stance, Tag, Theme
from consult.analysis.public_passages import public_passage
from consult.outcomes.queries import outcome_of
from consult.pagination import page_number, paginate
from consult.rounds.queries import get_round_by_slug
from consult.security import require
from consult.submissions.models import Submission
from consult.web import ButtonForm, button_or_400, commit_or_422, commit_or_back, form_status

bp = Blueprint("analysis", __name__, url_prefix="/rounds/<slug>/analysis")


@bp.app_template_global()
def analysis_link(round_) -> str | None:
    """For the outcome page: the address of the round's analysis when this person may read
    it (its analysts always, the public once it is published with the outcome)."""
    if round_.can_moderate(current_user):
        return url_for("analysis.home", slug=round_.slug)
    codebook = queries.codebook_of(round_)
    if codebook is not None and codebook.is_public(outcome_of(round_)):
        return url_for("analysis.home", slug=round_.slug)
    return None


# --- loading ----------------------------------------------------------------------------
def reader(slug: str):
    """(round, codebook, outcome, staff) for whoever may read the analysis: its analysts, or
    anyone once it is public. Others are refused as for a page of analysts only."""
    round_ = get_round_by_slug(slug)
    if round_ is not None and round_.can_view(current_user) and not round_.can_moderate(current_user):
        codebook = queries.codebook_of(round_)
        outcome = outcome_of(round_) if codebook is not None else None
        if codebook is not None and codebook.is_public(outcome):
            return round_, codebook, outcome, False
    round_ = queries.analysed_round_or_404(slug, current_user)
    codebook = queries.codebook_of(round_)
    return round_, codebook, outcome_of(round_) if codebook is not None else None, True


def convened_codebook(slug: str):
    """The codebook of a round this person convenes (404 when not started yet)."""
    round_ = queries.analysed_round_or_404(slug, current_user)
    require(round_.is_convener(current_user))
    codebook = queries.codebook_of(round_)
    if codebook is None:
        abort(404)
    return codebook


def round_theme_or_404(round_, theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.round_id != round_.id:
        abort(404)  # another round's theme is not admitted to exist here
    return theme


def round_submission_or_404(round_, submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.round_id != round_.id or not reading.is_analysed(submission):
        abort(404)
    return submission


def analysed_tag_or_404(slug: str, tag_id: int) -> Tag:
    round_ = queries.analysed_round_or_404(slug, current_user)
    tag = db.session.get(Tag, tag_id)
    if tag is None or tag.round_id != round_.id:
        abort(404)
    return tag


def to_home(round_) -> str:
    return url_for("analysis.home", slug=round_.slug)


def tag_choices(round_) -> dict:
    outcome = outcome_of(round_)
    themes = [t for top in queries.codebook_of(round_).themes if top.parent_id is None for t in [top, *top.children]]
    return dict(themes=themes, recommendations=list(outcome.recommendations) if outcome else [])


# --- the home page and the codebook ------------------------------------------------------
@bp.get("")
def home(slug: str):
    round_, codebook, outcome, staff = reader(slug)
    counts = reading.theme_counts(round_.id, public_only=not staff)
    untagged = db.session.scalar(reading.count_of(reading.untagged_submissions(round_.id))) if staff else 0
    return render_template("analysis/home.html", round=round_, codebook=codebook, outcome=outcome, staff=staff,
                           counts=counts, untagged=untagged, start_form=StartForm(formdata=None),
                           button=ButtonForm(formdata=None), public=codebook is not None and codebook.is_public(outcome))


@bp.post("/start")
def start(slug: str):
    round_ = queries.analysed_round_or_404(slug, current_user)
    require(round_.is_convener(current_user))
    form = StartForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.origin.errors)) or _("Your session expired: send the form again."), "error")
        return redirect(to_home(round_))
    commit_or_back(services.start_codebook, round_, actor=current_user, origin=CodebookOrigin(form.origin.data),
                   back=to_home(round_))
    flash(_("The codebook is started."), "success")
    return redirect(to_home(round_))


@bp.route("/library", methods=["GET", "POST"])
def library(slug: str):
    codebook = convened_codebook(slug)
    form = LibraryForm()
    page = partial(_render, "analysis/library.html", round=codebook.round, form=form, groups=GROUPS,
                   themes_of=themes_of, present=reading.library_keys(codebook.round_id))
    if not form.validate_on_submit():
        return page(form_status())
    added = commit_or_422(page, services.import_library, codebook, form=form, actor=current_user,
                          keys=form.themes.data or [])
    flash(ngettext("%(num)d theme of the library added.", "%(num)d themes of the library added.", added), "success")
    return redirect(to_home(codebook.round))


def _render(template: str, status: int = 200, **context):
    return render_template(template, **context), status


def _theme_page(codebook, theme: Theme | None):
    parents = [t for t in codebook.themes if t.parent_id is None and (theme is None or t.id != theme.id)]
    data = {}
    if theme is not None and request.method == "GET":
        data = {"title": theme.title, "description": theme.description, "parent": str(theme.parent_id or "")}
    form = ThemeForm(parents=parents, themes=codebook.themes, data=data)
    page = partial(_render, "analysis/theme_form.html", round=codebook.round, form=form, theme=theme)
    if not form.validate_on_submit():
        return page(form_status())
    values = dict(title=form.title.data, description=form.description.data,
                  parent=next((t for t in codebook.themes if str(t.id) == form.parent.data), None))
    if theme is None:
        commit_or_422(page, services.add_theme, codebook, form=form, actor=current_user, **values)
    else:
        commit_or_422(page, services.edit_theme, theme, form=form, actor=current_user, **values)
    flash(_("Theme “%(title)s” saved.", title=form.title.data), "success")
    return redirect(to_home(codebook.round))


@bp.route("/themes/new", methods=["GET", "POST"])
def new_theme(slug: str):
    return _theme_page(convened_codebook(slug), None)


@bp.route("/themes/<int:theme_id>/edit", methods=["GET", "POST"])
def edit_theme(slug: str, theme_id: int):
    codebook = convened_codebook(slug)
    return _theme_page(codebook, round_theme_or_404(codebook.round, theme_id))


@bp.post("/themes/<int:theme_id>/<any(up, down):direction>")
def move_theme(slug: str, theme_id: int, direction: str):
    codebook = convened_codebook(slug)
    theme = round_theme_or_404(codebook.round, theme_id)
    button_or_400()
    back = to_home(codebook.round)
    commit_or_back(services.move_theme, theme, actor=current_user, up=direction == "up", back=back)
    return redirect(f"{back}#theme-{theme.id}")


@bp.post("/themes/<int:theme_id>/remove")
def remove_theme(slug: str, theme_id: int):
    codebook = convened_codebook(slug)
    theme = round_theme_or_404(codebook.round, theme_id)
    button_or_400()
    title = theme.title
    commit_or_back(services.remove_theme, theme, actor=current_user, back=to_home(codebook.round))
    flash(_("Theme “%(title)s” removed.", title=title), "success")
    return redirect(to_home(codebook.round))


@bp.get("/themes/<int:theme_id>")
def theme(slug: str, theme_id: int):
    round_, codebook, outcome, staff = reader(slug)
    if codebook is None:
        abort(404)
    theme = round_theme_or_404(round_, theme_id)
    tags = reading.tags_of_theme(theme)
    passages = [(t, t.passage) for t in tags] if staff else [
        (t, p) for t in tags if (p := public_passage(t)) is not None]
    return render_template("analysis/theme.html", round=round_, theme=theme, passages=passages, staff=staff)


@bp.get("/untagged")
def untagged(slug: str):
    round_ = queries.analysed_round_or_404(slug, current_user)
    page = paginate(reading.untagged_submissions(round_.id), page_number(request.args.get("page")), per_page=25)
    return render_template("analysis/untagged.html", round=round_, page=page)


# --- tagging ------------------------------------------------------------------------------
def _submission_page(round_, submission: Submission, form: TagForm, status: int = 200):
    tags = list(db.session.scalars(reading.tags_of_submission(submission.id)))
    parts = [(part, reading.mark_passages(part.text, [t for t in tags if t.part == part.key]))
             for part in reading.parts_of(submission)]
    return render_template("analysis/submission.html", round=round_, submission=submission, parts=parts,
                           tags=tags, form=form, button=ButtonForm(formdata=None)), status


@bp.route("/submissions/<int:submission_id>", methods=["GET", "POST"])
def submission(slug: str, submission_id: int):
    round_ = queries.analysed_round_or_404(slug, current_user)
    submission = round_submission_or_404(round_, submission_id)
    if queries.codebook_of(round_) is None:
        flash(_("Start the round's codebook before tagging its input."), "error")
        return redirect(to_home(round_))
    form = TagForm(parts=reading.parts_of(submission), **tag_choices(round_))
    page = partial(_submission_page, round_, submission, form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.add_tag, submission, form=form, actor=current_user, **_tag_values(round_, form),
                  part=form.part.data, passage=form.passage.data or "")
    flash(_("Tagged."), "success")
    return redirect(url_for("analysis.submission", slug=round_.slug, submission_id=submission.id, _anchor="tags"))


def _tag_values(round_, form: TagFields) -> dict:
    choices = tag_choices(round_)
    return dict(theme=next(t for t in choices["themes"] if str(t.id) == form.theme.data),
                stance=Stance(form.stance.data), note=form.note.data or "",
                recommendation=next((r for r in choices["recommendations"] if str(r.id) == form.recommendation.data),
                                    None))


@bp.route("/tags/<int:tag_id>/edit", methods=["GET", "POST"])
def edit_tag(slug: str, tag_id: int):
    tag = analysed_tag_or_404(slug, tag_id)
    round_ = tag.submission.round
    data = {"theme": str(tag.theme_id), "stance": tag.stance.value, "note": tag.note,
            "recommendation": str(tag.recommendation_id or "")} if request.method == "GET" else {}
    form = TagFields(data=data, **tag_choices(round_))
    page = partial(_render, "analysis/edit_tag.html", round=round_, tag=tag, form=form)
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.edit_tag, tag, form=form, actor=current_user, **_tag_values(round_, form))
    flash(_("Tag saved."), "success")
    return redirect(url_for("analysis.submission", slug=round_.slug, submission_id=tag.submission_id, _anchor="tags"))


@bp.post("/tags/<int:tag_id>/remove")
def remove_tag(slug: str, tag_id: int):
    tag = analysed_tag_or_404(slug, tag_id)
    button_or_400()
    back = url_for("analysis.submission", slug=slug, submission_id=tag.submission_id, _anchor="tags")
    commit_or_back(services.remove_tag, tag, actor=current_user, back=back)
    flash(_("Tag removed."), "success")
    return redirect(back)


# --- publication --------------------------------------------------------------------------
@bp.post("/<any(publish, withdraw):action>")
def publication(slug: str, action: str):
    codebook = convened_codebook(slug)
    button_or_400()
    back = to_home(codebook.round)
    if action == "publish":
        commit_or_back(services.publish_analysis, codebook, outcome_of(codebook.round), actor=current_user, back=back)
        flash(_("The analysis is published with the outcome: the public can read it."), "success")
    else:
        commit_or_back(services.withdraw_analysis, codebook, actor=current_user, back=back)
        flash(_("The analysis is withdrawn: only the round's analysts see it."), "success")
    return redirect(back)
