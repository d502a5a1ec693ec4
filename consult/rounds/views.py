"""Convener pages: create and edit rounds, sessions and questions, lifecycle, moderators, dashboard."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from consult import db
from consult.auth.models import User
from consult.rounds import queries, services
from consult.submissions import round_stats
from consult.rounds.forms import (
    NO_CHOICE, ButtonForm, DocumentForm, ModeratorForm, NewDeadlineForm, OptionalReasonForm, OrderForm, QuestionForm,
    ReasonForm, RoundForm, SessionForm,
)
from consult.rounds.models import Question, Round, RoundSession, RoundStatus
from consult.rounds.services import RoundRefused
from consult.rounds.timezones import offset_label, to_local
from consult.security import Role, require, role_required

bp = Blueprint("rounds", __name__, url_prefix="/my-rounds")
RUNNERS = (Role.CONVENER, Role.ADMIN)


@bp.app_context_processor
def _nav():
    def can_run_rounds(user) -> bool:
        return getattr(user, "is_authenticated", False) and any(user.has_role(r) for r in RUNNERS)

    def duration(value: timedelta) -> str:
        return format_timedelta(value, threshold=1.1)

    return {"can_run_rounds": can_run_rounds, "offset_label": offset_label, "duration": duration}


def load_round(slug: str) -> Round:
    """The round this person runs. A refusal tells nothing the person could not see anyway:
    visitors are sent to log in before anything is loaded, and a draft they may not see is
    as missing (404) as a round that does not exist; a public round they do not run is 403."""
    if not current_user.is_authenticated:
        abort(401)
    round_ = queries.get_round_by_slug(slug)
    if round_ is None or not round_.can_view(current_user):
        abort(404)
    require(round_.can_manage(current_user))
    return round_


def load_item(round_: Round, model, item_id: int):
    item = db.session.get(model, item_id)
    if item is None or item.round_id != round_.id:
        abort(404)
    return item


def refused(form, exc: RoundRefused) -> None:
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None:
        target.errors = list(target.errors) + [str(exc)]
    else:
        form.form_errors.append(str(exc))


# --- dashboard and round pages ------------------------------------------------------------
@bp.get("/")
@role_required(*RUNNERS)
def dashboard():
    stats = round_stats.dashboard_stats(queries.rounds_run_by(current_user))
    return render_template("rounds/dashboard.html", stats=stats)


def round_form(round_: Round | None = None) -> RoundForm:
    draft = round_ is None or round_.status == RoundStatus.DRAFT
    obj = None
    if round_ is not None:
        obj = _FormView(round_)
    return RoundForm(obj=obj, organisations=queries.organisations_for_convening(),
                     higher_rounds=queries.higher_rounds(round_.id if round_ else None),
                     draft=draft)


class _FormView:
    """What the form shows for a stored round: local times in its zone, "none" as 0."""

    def __init__(self, round_: Round):
        self._round = round_
        self.opens_at = to_local(round_.opens_at, round_.timezone)
        self.closes_at = to_local(round_.closes_at, round_.timezone)
        self.level = round_.level.value
        self.publication_policy = round_.publication_policy.value
        self.allowed_groups = round_.allowed_groups or [c for c, _ in RoundForm.allowed_groups.kwargs["choices"]]
        self.convening_organisation_id = round_.convening_organisation_id or NO_CHOICE
        self.feeds_into_id = round_.feeds_into_id or NO_CHOICE
        self.country = round_.country or ""

    def __getattr__(self, name):
        return getattr(self._round, name)


def round_values(form: RoundForm) -> dict:
    all_groups = {c for c, _ in form.allowed_groups.choices}
    values = {
        "title": form.title.data.strip(), "slug": (form.slug.data if "slug" in form._fields else "") or "", "summary": form.summary.data.strip(),
        "background": form.background.data or "", "level": form.level.data, "country": form.country.data or None,
        "region": (form.region.data or "").strip() or None,
        "convening_organisation_id": form.convening_organisation_id.data or None,
        "feeds_into_id": form.feeds_into_id.data or None,
        "languages": list(form.languages.data), "publication_policy": form.publication_policy.data,
        "allowed_groups": None if set(form.allowed_groups.data) == all_groups else list(form.allowed_groups.data),
        "allow_multiple_submissions": form.allow_multiple_submissions.data,
        "answer_word_limit": form.answer_word_limit.data, "max_attachments": form.max_attachments.data,
        "max_attachment_mb": form.max_attachment_mb.data, "reference_prefix": form.reference_prefix.data,
    }
    if "opens_at" in form._fields:
        values |= {"timezone": form.timezone.data, "opens_at": form.opens_at_utc, "closes_at": form.closes_at_utc}
    return values


def render_round_form(form: RoundForm, round_: Round | None, status: int = 200):
    preview = request.form.get("preview") is not None
    return render_template("rounds/round_form.html", form=form, round=round_, preview=preview), status


@bp.route("/new", methods=["GET", "POST"])
@role_required(*RUNNERS)
def create():
    form = round_form()
    if request.method == "GET":
        form.allowed_groups.data = [c for c, _ in form.allowed_groups.choices]
        form.languages.data = ["en"]
        form.timezone.data = "UTC"
    if request.form.get("preview") is not None:
        return render_round_form(form, None)  # nothing is saved: the preview needs no checks
    if not form.validate_on_submit():
        return render_round_form(form, None, 422 if request.method == "POST" else 200)
    try:
        round_ = services.create_round(actor=current_user, **round_values(form))
    except RoundRefused as exc:
        db.session.rollback()
        refused(form, exc)
        return render_round_form(form, None, 422)
    db.session.commit()
    flash(_("The round was created as a draft. Add its sessions and questions, then publish it."), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug))


def reopen_grace() -> timedelta:
    return timedelta(days=current_app.config.get("ROUND_REOPEN_GRACE_DAYS", 7))


def render_manage(round_: Round, status: int = 200, **context):
    context.setdefault("order_form", OrderForm())
    context.setdefault("document_form", DocumentForm())
    context.setdefault("moderator_form", ModeratorForm(candidates=queries.moderator_candidates(round_)))
    actions = [(a, ACTIONS[a][0]) for a in services.available_actions(round_, grace=reopen_grace())]
    return render_template("rounds/manage.html", round=round_, button=ButtonForm(), round_actions=actions,
                           has_submissions=services.has_submissions(round_), **context), status


@bp.get("/<slug>")
def manage(slug: str):
    return render_manage(load_round(slug))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    round_ = load_round(slug)
    form = round_form(round_)
    if request.form.get("preview") is not None:
        return render_round_form(form, round_)
    if not form.validate_on_submit():
        return render_round_form(form, round_, 422 if request.method == "POST" else 200)
    try:
        services.update_round(round_, actor=current_user, **round_values(form))
    except RoundRefused as exc:
        db.session.rollback()
        refused(form, exc)
        return render_round_form(form, round_, 422)
    db.session.commit()
    flash(_("The round was saved."), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug))


# --- sessions and questions ----------------------------------------------------------------
@bp.route("/<slug>/sessions/new", methods=["GET", "POST"], defaults={"session_id": None})
@bp.route("/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def session_form(slug: str, session_id: int | None):
    round_ = load_round(slug)
    session = load_item(round_, RoundSession, session_id) if session_id else None
    form = SessionForm(obj=session)
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("rounds/session_form.html", form=form, round=round_, session=session), status
    try:
        if session is None:
            services.add_session(round_, actor=current_user, title=form.title.data.strip(),
                                 description=form.description.data or "")
        else:
            services.update_session(session, actor=current_user, title=form.title.data.strip(),
                                    description=form.description.data or "")
    except RoundRefused as exc:
        db.session.rollback()
        refused(form, exc)
        return render_template("rounds/session_form.html", form=form, round=round_, session=session), 422
    db.session.commit()
    flash(_("The session was saved."), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug, _anchor="sessions"))


@bp.route("/<slug>/questions/new", methods=["GET", "POST"], defaults={"question_id": None})
@bp.route("/<slug>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def question_form(slug: str, question_id: int | None):
    round_ = load_round(slug)
    question = load_item(round_, Question, question_id) if question_id else None
    form = QuestionForm(obj=question, sessions=round_.sessions)
    if request.method == "GET":
        if question is not None:
            form.session_id.data = question.session_id or NO_CHOICE
        elif request.args.get("session", "").isdigit():
            form.session_id.data = int(request.args["session"])
    page = "rounds/question_form.html"
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template(page, form=form, round=round_, question=question), status
    values = {"text": form.text.data.strip(), "guidance": form.guidance.data or "", "session_id": form.session_id.data or None,
              "required": form.required.data, "word_limit": form.word_limit.data}
    try:
        if question is None:
            services.add_question(round_, actor=current_user, **values)
        else:
            services.update_question(question, actor=current_user, **values)
    except RoundRefused as exc:
        db.session.rollback()
        refused(form, exc)
        return render_template(page, form=form, round=round_, question=question), 422
    db.session.commit()
    flash(_("The question was saved."), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug, _anchor="questions"))


ITEM_MODELS = {"sessions": RoundSession, "questions": Question}


def checked_button(round_: Round) -> None:
    """Buttons carry only a CSRF token; a stale one is refused with the 400 page."""
    if not ButtonForm().validate_on_submit():
        abort(400)


@bp.post("/<slug>/<any(sessions, questions):kind>/<int:item_id>/delete")
def delete_item(slug: str, kind: str, item_id: int):
    round_ = load_round(slug)
    item = load_item(round_, ITEM_MODELS[kind], item_id)
    checked_button(round_)
    try:
        if kind == "sessions":
            services.delete_session(item, actor=current_user)
        else:
            services.delete_question(item, actor=current_user)
    except RoundRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("rounds.manage", slug=round_.slug, _anchor=kind))
    db.session.commit()
    flash(_("Deleted."), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug, _anchor=kind))


@bp.post("/<slug>/<any(sessions, questions):kind>/<int:item_id>/move")
def move_item(slug: str, kind: str, item_id: int):
    round_ = load_round(slug)
    item = load_item(round_, ITEM_MODELS[kind], item_id)
    checked_button(round_)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    services.move(round_, item, actor=current_user, direction=direction)
    db.session.commit()
    return redirect(url_for("rounds.manage", slug=round_.slug, _anchor=f"{kind}-{item_id}"))


@bp.post("/<slug>/<any(sessions, questions):kind>/order")
def reorder(slug: str, kind: str):
    round_ = load_round(slug)
    form = OrderForm()
    items = round_.questions if kind == "questions" else round_.sessions
    order = form.parse_order(request.form, [x.id for x in items]) if form.validate_on_submit() else None
    if order is None:
        messages = getattr(form, "order_errors", []) or [_("Your session expired; please try again.")]
        return render_manage(round_, 422, order_form=form, order_errors=messages)
    services.reorder(round_, order, actor=current_user, kind=kind)
    db.session.commit()
    flash(_("The new order was saved."), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug, _anchor=kind))


# --- lifecycle -----------------------------------------------------------------------------
ACTIONS = {
    "publish": (_l("Publish the round"), OptionalReasonForm),
    "extend": (_l("Extend the deadline"), NewDeadlineForm),
    "close": (_l("Close the round early"), ReasonForm),
    "reopen": (_l("Reopen the round"), NewDeadlineForm),
    "archive": (_l("Archive the round"), ReasonForm),
}


@bp.route("/<slug>/<any(publish, extend, close, reopen, archive):action>", methods=["GET", "POST"])
def lifecycle(slug: str, action: str):
    round_ = load_round(slug)
    title, form_class = ACTIONS[action]
    form = form_class(zone_name=round_.timezone) if form_class is NewDeadlineForm else form_class()
    page = "rounds/lifecycle.html"
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template(page, form=form, round=round_, action=action, title=title), status
    grace = reopen_grace()
    try:
        if action == "publish":
            services.publish(round_, actor=current_user, reason=form.reason.data)
        elif action == "extend":
            services.extend_deadline(round_, actor=current_user, closes_at=form.closes_at_utc, reason=form.reason.data)
        elif action == "close":
            services.close_early(round_, actor=current_user, reason=form.reason.data)
        elif action == "reopen":
            services.reopen(round_, actor=current_user, closes_at=form.closes_at_utc, reason=form.reason.data, grace=grace)
        else:
            services.archive(round_, actor=current_user, reason=form.reason.data)
    except RoundRefused as exc:
        db.session.rollback()
        refused(form, exc)
        return render_template(page, form=form, round=round_, action=action, title=title), 422
    db.session.commit()
    flash(_("Done: %(what)s.", what=str(title).lower()), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug))


# --- moderators ----------------------------------------------------------------------------
@bp.post("/<slug>/moderators")
def add_moderator(slug: str):
    round_ = load_round(slug)
    form = ModeratorForm(candidates=queries.moderator_candidates(round_))
    if form.validate_on_submit():
        try:
            services.assign_moderator(round_, db.session.get(User, form.user_id.data), actor=current_user)
        except RoundRefused as exc:
            db.session.rollback()
            refused(form, exc)
        else:
            db.session.commit()
            flash(_("The moderator was added."), "success")
            return redirect(url_for("rounds.manage", slug=round_.slug, _anchor="moderators"))
    return render_manage(round_, 422, moderator_form=form)


@bp.post("/<slug>/moderators/<int:user_id>/remove")
def remove_moderator(slug: str, user_id: int):
    round_ = load_round(slug)
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    checked_button(round_)
    try:
        services.remove_moderator(round_, user, actor=current_user)
    except RoundRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("%(name)s no longer moderates this round.", name=user.name), "success")
    return redirect(url_for("rounds.manage", slug=round_.slug, _anchor="moderators"))
