"""The review page's content, shared by the page and the forms posted from it (a form that
fails comes back on the same page with everything else around it)."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from consult.files import ACCEPTED_LABEL
from consult.moderation import flags as personal_data_flags, queries, services
from consult.moderation.forms import DecisionForm, RedactedFileForm, RedactionForm, WithholdForm
from consult.moderation.text import compare_versions, mark_redactions
from consult.submissions.models import Submission
from consult.submissions.public_text import PUBLIC_AUTHOR_PARTS, author_part_text
from consult.submissions.states import allowed_actions
from consult.web import ButtonForm


def redactable_fields(submission: Submission) -> list[tuple[str, str]]:
    fields = [("title", _("Title")), ("summary", _("Summary"))]
    if submission.letter.strip():
        fields.append(("letter", _("Letter")))
    labels = {"on_behalf_of": _("Sent on behalf of"), "self_description": _("How the individual describes themselves")}
    fields += [(part, labels[part]) for part in PUBLIC_AUTHOR_PARTS if author_part_text(submission, part).strip()]
    answered = {a.question_id for a in submission.answers if a.text.strip()}
    for question in submission.round.questions:
        if question.id in answered:
            fields.append((f"answer:{question.id}", _("Answer to: %(question)s", question=question.text)))
    for attachment in submission.attachments:
        if attachment.extracted_text:
            fields.append((attachment.part, _("Text of the file %(name)s", name=attachment.filename)))
    return fields


def make_redaction_form(submission: Submission, **kwargs) -> RedactionForm:
    return RedactionForm(fields=redactable_fields(submission), **kwargs)


def render_review(submission: Submission, status: int = 200, *, decision_form=None, redaction_form=None,
                  withhold_forms=None, redacted_file_forms=None):
    """The review page. A refused decision's message (in the decision form's own errors) is
    shown at the top: nothing was changed."""
    actors = submission.actors(current_user)
    possible = [a for a in allowed_actions(submission.state, actors) if a in services.DECISION_ACTIONS]
    if decision_form is None:
        decision_form = DecisionForm(formdata=None, lock_version=submission.lock_version, files=submission.attachments)
    if redaction_form is None:
        redaction_form = make_redaction_form(submission, formdata=None)
    withhold_forms = {a.id: WithholdForm(formdata=None, prefix=f"withhold-{a.id}") for a in submission.attachments
                      } | (withhold_forms or {})
    redacted_file_forms = {a.id: RedactedFileForm(formdata=None, prefix=f"redacted-{a.id}") for a in submission.attachments
                           } | (redacted_file_forms or {})
    by_field: dict[str, list] = {}
    for redaction in submission.active_redactions:
        by_field.setdefault(redaction.field, []).append(redaction)
    questions = list(submission.round.questions)
    answers = {a.question_id: a.text for a in submission.answers}
    marked = {
        "title": mark_redactions(submission.title, by_field.get("title", [])),
        "summary": mark_redactions(submission.summary, by_field.get("summary", [])),
        "letter": mark_redactions(submission.letter, by_field.get("letter", [])),
    } | {part: mark_redactions(author_part_text(submission, part), by_field.get(part, [])) for part in PUBLIC_AUTHOR_PARTS}
    for question in questions:
        key = f"answer:{question.id}"
        marked[key] = mark_redactions(answers.get(question.id, ""), by_field.get(key, []))
    for attachment in submission.attachments:
        if attachment.extracted_text:
            marked[attachment.part] = mark_redactions(attachment.extracted_text, by_field.get(attachment.part, []))
    field_labels = dict(redactable_fields(submission))
    flags = personal_data_flags.flags(submission)
    flag_labels = {**field_labels, **{f"attachment:{a.id}": _("Attachment: %(name)s", name=a.filename)
                                      for a in submission.attachments}}
    version_changes = compare_versions(
        list(submission.versions), {str(q.id): q.text for q in questions},
        {"title": _("Title"), "summary": _("Summary"), "letter": _("Letter"),
         "confidential": _("Kept for the conveners only")},
        {a.id: a.filename for a in submission.attachments},
    )
    return render_template(
        "moderation/review.html",
        submission=submission,
        questions=questions,
        marked=marked,
        field_labels=field_labels,
        flags=flags,
        flag_labels=flag_labels,
        flags_open=sum(1 for flag in flags if not flag.resolved),
        version_changes=version_changes,
        history=queries.history(submission),
        reports=queries.reports_of(submission),
        decision_form=decision_form,
        redaction_form=redaction_form,
        withhold_forms=withhold_forms,
        redacted_file_forms=redacted_file_forms,
        accepted_types=ACCEPTED_LABEL,
        confirm_form=ButtonForm(formdata=None),
        possible_actions={a.value for a in possible},
        problem=" ".join([*decision_form.form_errors,
                          *(e for form in [*withhold_forms.values(), *redacted_file_forms.values()]
                            for e in form.form_errors)]) or None,
    ), status
