"""The convergence matrix: one address for the round's analysts and, once the analysis is
published with the outcome, for the public — who then see public input only."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from consult.analysis import matrix as matrices
from consult.analysis.matrix_export import as_csv, as_json
from consult.analysis.models import Stance
from consult.analysis.queries import codebook_of
from consult.analysis.public_passages import public_passage
from consult.organisations.models import StakeholderGroup
from consult.outcomes.queries import outcome_of
from consult.pagination import page_number, paginate
from consult.public.cache import conditional
from consult.rounds.queries import visible_round_or_404

bp = Blueprint("analysis_matrix", __name__)


def matrix_round_or_404(slug: str):
    """The round and whether this reader gets the public matrix. Its analysts (conveners and
    moderators) always see theirs; anyone else only the published analysis, and before that
    it is not admitted to exist (404, as for a draft outcome)."""
    round_ = visible_round_or_404(slug, current_user)
    if round_.can_moderate(current_user):
        return round_, False
    codebook = codebook_of(round_)
    if codebook is None or not codebook.is_public(outcome_of(round_)):
        abort(404)
    return round_, True


def filters_for(round_, public: bool) -> tuple[matrices.MatrixFilters, list[str], list]:
    countries, levels = matrices.countries_of(round_, public=public), matrices.levels_of(round_)
    filters = matrices.MatrixFilters.from_args(request.args, countries=countries, levels=levels)
    return filters, countries, levels


@bp.get("/rounds/<slug>/analysis/matrix")
def matrix(slug: str):
    round_, public = matrix_round_or_404(slug)
    filters, countries, levels = filters_for(round_, public)
    return render_template("analysis/matrix.html", round=round_, matrix=matrices.build_matrix(
        round_, filters, public=public), codebook=codebook_of(round_), countries=countries, levels=levels,
        stances=matrices.STANCES)


@bp.get("/rounds/<slug>/analysis/matrix.<fmt>")
def matrix_export(slug: str, fmt: str):
    if fmt not in ("csv", "json"):
        abort(404)
    round_, public = matrix_round_or_404(slug)
    filters, _, _ = filters_for(round_, public)
    matrix = matrices.build_matrix(round_, filters, public=public)
    if fmt == "json":
        response = Response(as_json(round_, matrix), mimetype="application/json")
    else:
        response = Response(as_csv(matrix), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{round_.slug}-convergence.csv"'
    return conditional(response) if public else response


@bp.get("/rounds/<slug>/analysis/matrix/passages")
def passages(slug: str):
    round_, public = matrix_round_or_404(slug)
    filters, _, _ = filters_for(round_, public)
    theme = matrices.theme_of_round(round_, request.args.get("theme"))
    if theme is None:
        abort(404)
    group = StakeholderGroup(g) if (g := request.args.get("group")) in StakeholderGroup._value2member_map_ else None
    stance = Stance(s) if (s := request.args.get("stance")) in Stance._value2member_map_ else None
    statement = matrices.cell_passages(round_, filters, public=public, theme=theme, group=group, stance=stance)
    page = paginate(statement, page_number(request.args.get("page")), per_page=50)
    shown = [(tag, public_passage(tag) if public else tag.passage) for tag in page.items]
    return render_template("analysis/matrix_passages.html", round=round_, theme=theme, group=group, stance=stance,
                           page=page, shown=shown, public=public, filters=filters,
                           theme_label=matrices.theme_label(theme))
