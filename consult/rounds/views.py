"""Convener pages: create and edit rounds, sessions and questions, lifecycle, moderators, dashboard."""
from __future__ import annotations

from datetime import timedelta
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from consult import db
from consult.auth.models import User
from consult.db import get_or_404
from consult.rounds import queries, services
from consult.submissions import round_stats
from consult.rounds.forms import (
    NO_CHOICE, DocumentForm, ModeratorForm, NewDeadlineForm, OptionalReasonForm, OrderForm, QuestionForm,
    ReasonForm, RoundForm, SessionForm,
)
from consult.rounds.models import Question, Round, RoundSession, RoundStatus
from consult.rounds.timezones import offset_label, to_local
from consult.security import Role, role_required
from consult.web import ButtonForm, button_or_400, commit_or_422, commit_or_back, form_status

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
    return queries.managed_round_or_404(slug, current_user)


def render(template: str, status: int = 200, **context):
    return render_template(template, **context), status


def to_manage(round_: Round, anchor: str | None = None) -> str:
    return url_for("rounds.manage", slug=round_.slug, _anchor=anchor)


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
        self.allowed_groups = round_.allowed_groups or [choice.value for choice in RoundForm.allowed_groups.kwargs["choices"]]
        self.convening_organisation_id = round_.convening_organisation_id or NO_CHOICE
        self.feeds_into_id = round_.feeds_into_id or NO_CHOICE
        self.country = round_.country or ""

    def __getattr__(self, name):
        return getattr(self._round, name)


def round_values(form: RoundForm) -> dict:
    all_groups = {choice.value for choice in form.allowed_groups.choices}
    values = {
        "title": form.title.data.strip(), "slug": (form.slug.data if "slug" in form._fields else "") or "", "summary": form.summary.data.strip(),
        "background": form.background.data or "", "level": form.level.data, "country": form.country.data or None,
        "region": (form.region.data or "").strip() or None,
        "convening_organisation_id": form.convening_organisation_id.data or None,
        "feeds_into_id": form.feeds_into_id.data or None,
        "languages": list(form.languages.data), "publication_policy": form.publication_policy.data,
        "allowed_groups": None if set(form.allowed_groups.data) == all_groups else list(form.allowed_groups.data),
        "allow_multiple_submissions": form.allow_multiple_submissions.data,
        "accepts_individuals": form.accepts_individuals.data,
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
        form.allowed_groups.data = [choice.value for choice in form.allowed_groups.choices]
        form.languages.data = ["en"]
        form.timezone.data = "UTC"
    page = partial(render_round_form, form, None)
    if request.form.get("preview") is not None:
        return page()  # nothing is saved: the preview needs no checks
    if not form.validate_on_submit():
        return page(form_status())
    round_ = commit_or_422(page, services.create_round, form=form, actor=current_user, **round_values(form))
    flash(_("The round was created as a draft. Add its sessions and questions, then publish it."), "success")
    return redirect(to_manage(round_))


def render_manage(round_: Round, status: int = 200, **context):
    context.setdefault("order_form", OrderForm())
    context.setdefault("document_form", DocumentForm())
    context.setdefault("moderator_form", ModeratorForm(candidates=queries.moderator_candidates(round_)))
    actions = [(a, ACTIONS[a][0]) for a in services.available_actions(round_)]
    return render_template("rounds/manage.html", round=round_, button=ButtonForm(), round_actions=actions,
                           has_submissions=services.has_submissions(round_), **context), status


@bp.get("/<slug>")
def manage(slug: str):
    return render_manage(load_round(slug))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    round_ = load_round(slug)
    form = round_form(round_)
    page = partial(render_round_form, form, round_)
    if request.form.get("preview") is not None:
        return page()
    if not form.validate_on_submit():
        return page(form_status())
    commit_or_422(page, services.update_round, round_, form=form, actor=current_user, **round_values(form))
    flash(_("The round was saved."), "success")
    return redirect(to_manage(round_))


# --- sessions and questions ----------------------------------------------------------------
@bp.route("/<slug>/sessions/new", methods=["GET", "POST"], defaults={"session_id": None})
@bp.route("/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def session_form(slug: str, session_id: int | None):
    round_ = load_round(slug)
    session = queries.round_item_or_404(round_, RoundSession, session_id) if session_id else None
    form = SessionForm(obj=session)
    page = partial(render, "rounds/session_form.html", form=form, round=round_, session=session)
    if not form.validate_on_submit():
        return page(form_status())
    service, target = (services.add_session, round_) if session is None else (services.update_session, session)
    commit_or_422(page, service, target, form=form, actor=current_user,
                  title=form.title.data.strip(), description=form.description.data or "")
    flash(_("The session was saved."), "success")
    return redirect(to_manage(round_, "sessions"))


def question_form_for(round_: Round, question: Question | None) -> QuestionForm:
    """The form, with the question's session shown (or the one the "add" link came from)."""
    form = QuestionForm(obj=question, sessions=round_.sessions)
    if request.method == "GET":
        if question is not None:
            form.session_id.data = question.session_id or NO_CHOICE
        elif request.args.get("session", "").isdigit():
            form.session_id.data = int(request.args["session"])
    return form


@bp.route("/<slug>/questions/new", methods=["GET", "POST"], defaults={"question_id": None})
@bp.route("/<slug>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def question_form(slug: str, question_id: int | None):
    round_ = load_round(slug)
    question = queries.round_item_or_404(round_, Question, question_id) if question_id else None
    form = question_form_for(round_, question)
    page = partial(render, "rounds/question_form.html", form=form, round=round_, question=question)
    if not form.validate_on_submit():
        return page(form_status())
    service, target = (services.add_question, round_) if question is None else (services.update_question, question)
    commit_or_422(page, service, target, form=form, actor=current_user, text=form.text.data.strip(),
                  guidance=form.guidance.data or "", session_id=form.session_id.data or None,
                  required=form.required.data, word_limit=form.word_limit.data)
    flash(_("The question was saved."), "success")
    return redirect(to_manage(round_, "questions"))


ITEM_MODELS = {"sessions": RoundSession, "questions": Question}
DELETE_SERVICES = {"sessions": services.delete_session, "questions": services.delete_question}


@bp.post("/<slug>/<any(sessions, questions):kind>/<int:item_id>/delete")
def delete_item(slug: str, kind: str, item_id: int):
    round_ = load_round(slug)
    item = queries.round_item_or_404(round_, ITEM_MODELS[kind], item_id)
    button_or_400()
    commit_or_back(DELETE_SERVICES[kind], item, actor=current_user, back=to_manage(round_, kind))
    flash(_("Deleted."), "success")
    return redirect(to_manage(round_, kind))


@bp.post("/<slug>/<any(sessions, questions):kind>/<int:item_id>/move")
def move_item(slug: str, kind: str, item_id: int):
    round_ = load_round(slug)
    item = queries.round_item_or_404(round_, ITEM_MODELS[kind], item_id)
    button_or_400()
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    back = to_manage(round_, f"{kind}-{item_id}")
    commit_or_back(services.move, round_, item, actor=current_user, direction=direction, back=back)
    return redirect(back)


@bp.post("/<slug>/<any(sessions, questions):kind>/order")
def reorder(slug: str, kind: str):
    round_ = load_round(slug)
    form = OrderForm()
    items = round_.questions if kind == "questions" else round_.sessions
    order = form.parse_order(request.form, [x.id for x in items]) if form.validate_on_submit() else None
    if order is None:
        messages = getattr(form, "order_errors", []) or [_("Your session expired; please try again.")]
        return render_manage(round_, 422, order_form=form, order_errors=messages)
    commit_or_back(services.reorder, round_, order, actor=current_user, kind=kind, back=to_manage(round_, kind))
    flash(_("The new order was saved."), "success")
    return redirect(to_manage(round_, kind))


# --- lifecycle -----------------------------------------------------------------------------
# Each action: its title, its form and the service it calls (with the form's reason and, for
# the deadline forms, the new closing time).
ACTIONS = {
    "publish": (_l("Publish the round"), OptionalReasonForm, services.publish),
    "extend": (_l("Extend the deadline"), NewDeadlineForm, services.extend_deadline),
    "close": (_l("Close the round early"), ReasonForm, services.close_early),
    "reopen": (_l("Reopen the round"), NewDeadlineForm, services.reopen),
    "archive": (_l("Archive the round"), ReasonForm, services.archive),
}


@bp.route("/<slug>/<any(publish, extend, close, reopen, archive):action>", methods=["GET", "POST"])
def lifecycle(slug: str, action: str):
    round_ = load_round(slug)
    title, form_class, service = ACTIONS[action]
    form = form_class(zone_name=round_.timezone) if form_class is NewDeadlineForm else form_class()
    page = partial(render, "rounds/lifecycle.html", form=form, round=round_, action=action, title=title)
    if not form.validate_on_submit():
        return page(form_status())
    deadline = {"closes_at": form.closes_at_utc} if form_class is NewDeadlineForm else {}
    commit_or_422(page, service, round_, form=form, actor=current_user, reason=form.reason.data, **deadline)
    flash(_("Done: %(what)s.", what=str(title).lower()), "success")
    return redirect(to_manage(round_))


# --- moderators ----------------------------------------------------------------------------
@bp.post("/<slug>/moderators")
def add_moderator(slug: str):
    round_ = load_round(slug)
    form = ModeratorForm(candidates=queries.moderator_candidates(round_))
    page = partial(render_manage, round_, moderator_form=form)
    if not form.validate_on_submit():
        return page(422)
    commit_or_422(page, services.assign_moderator, round_, db.session.get(User, form.user_id.data), form=form,
                  actor=current_user)
    flash(_("The moderator was added."), "success")
    return redirect(to_manage(round_, "moderators"))


@bp.post("/<slug>/moderators/<int:user_id>/remove")
def remove_moderator(slug: str, user_id: int):
    round_ = load_round(slug)
    user = get_or_404(User, user_id)
    button_or_400()
    back = to_manage(round_, "moderators")
    commit_or_back(services.remove_moderator, round_, user, actor=current_user, back=back)
    flash(_("%(name)s no longer moderates this round.", name=user.name), "success")
    return redirect(back)
