"""Campaign pages: the moderators' page of a campaign (one decision for its letters, taking a
letter out) and the public page of a published campaign."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.campaigns import queries, services
from consult.campaigns.forms import CampaignDecisionForm
from consult.campaigns.text import letter_text, own_words_diff, public_own_words
from consult.moderation.models import Decision
from consult.pagination import page_number, paginate
from consult.public.cache import cached_page
from consult.rounds import queries as round_queries
from consult.security import require
from consult.web import ButtonForm, button_or_400, commit_or_422, commit_or_back

bp = Blueprint("campaigns", __name__)


@bp.app_context_processor
def _helpers():
    return {"campaign_letter_text": letter_text, "own_words_diff": own_words_diff,
            "public_own_words": public_own_words}


# --- moderators ------------------------------------------------------------------------------
def _moderated_campaign(campaign_id: int):
    campaign = queries.campaign_or_404(campaign_id)
    require(services.can_moderate(campaign, current_user))
    return campaign


def _campaign_page(campaign, form=None, status: int = 200):
    fingerprint, waiting = queries.current_fingerprint(campaign)
    form = form or CampaignDecisionForm(fingerprint=fingerprint)
    if form.fingerprint.errors:  # stale: the next attempt is a deliberate one on what is shown now
        form.form_errors.extend(form.fingerprint.errors)
        form.fingerprint.errors = []
        form.fingerprint.data = fingerprint
    letters, page, pages = queries.letters_page(campaign, page_number(request.args.get("page")))
    return render_template(
        "campaigns/moderate.html", campaign=campaign, row=queries.campaign_rows([campaign])[campaign.id],
        waiting=waiting, form=form, letters=letters, page=page, pages=pages,
        under_way=queries.decision_under_way(campaign),
    ), status


@bp.get("/moderation/campaigns/<int:campaign_id>")
@login_required
def moderate(campaign_id: int):
    return _campaign_page(_moderated_campaign(campaign_id))


@bp.post("/moderation/campaigns/<int:campaign_id>/decision")
@login_required
def decide(campaign_id: int):
    campaign = _moderated_campaign(campaign_id)
    form = CampaignDecisionForm()
    if not form.validate_on_submit():
        return _campaign_page(campaign, form, 422)
    decision = commit_or_422(
        partial(_refused, campaign, form), services.decide, campaign, Decision(form.action.data).action, form=form,
        actor=current_user, expected_fingerprint=form.fingerprint.data,
        reason_code=form.reason_code.data or None, message=form.message.data,
    )
    return _decision_page(decision)


@bp.post("/moderation/campaign-decisions/<int:decision_id>/continue")
@login_required
def continue_decision(decision_id: int):
    decision = queries.decision_or_404(decision_id)
    require(services.can_moderate(decision.campaign, current_user))
    button_or_400()
    commit_or_back(services.apply_part, decision, actor=current_user,
                   back=url_for("campaigns.moderate", campaign_id=decision.campaign_id))
    return _decision_page(decision)


def _decision_page(decision):
    return render_template("campaigns/decided.html", decision=decision, campaign=decision.campaign,
                           skipped=queries.skipped_letters(decision), form=ButtonForm())


def _refused(campaign, form, status: int):
    """A stale decision is a conflict (409); any other refusal is the form sent back (422)."""
    return _campaign_page(campaign, form, 409 if form.fingerprint.errors else status)


@bp.post("/moderation/campaign-letters/<int:submission_id>/take-out")
@login_required
def take_out(submission_id: int):
    letter = queries.letter_or_404(submission_id)
    require(services.can_moderate(letter.campaign, current_user))
    button_or_400()
    commit_or_back(services.take_out, letter, actor=current_user,
                   back=url_for("campaigns.moderate", campaign_id=letter.campaign_id))
    flash(_("The letter was taken out of its campaign: decide on it here, like any submission."), "success")
    return redirect(url_for("moderation.review", submission_id=submission_id))


# --- the public ----------------------------------------------------------------------------------
@bp.get("/rounds/<slug>/campaigns/<int:number>")
@cached_page()
def public_campaign(slug: str, number: int):
    round_ = round_queries.visible_round_or_404(slug, current_user)
    found = queries.public_campaign_or_404(round_, number)
    additions = paginate(queries.personal_additions(found.campaign), page_number(request.args.get("page")))
    senders, named = queries.named_senders(found.campaign)
    return render_template("campaigns/public.html", round=round_, found=found, campaign=found.campaign,
                           senders=senders, named=named, more_named=max(0, named - queries.NAMED_SHOWN),
                           additions=additions)
