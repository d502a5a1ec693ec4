"""Nothing non-public ever leaves the server.

The database is filled with submissions in every non-public condition, each carrying a
unique marker word, next to public ones; then every public GET endpoint of the URL map is
walked — pages, feeds, exports, statistics, search, API, downloads — with every value its
URL arguments can take, as an anonymous visitor, and no marker may appear anywhere.
New pages join the walk by themselves; give their URL arguments real values in
argument_values() when they are public.
"""
from __future__ import annotations

import itertools
from datetime import timedelta


from consult import db, files
from consult.db import utcnow
from consult.moderation.models import RedactedFile
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import PublicationPolicy, RoundStatus
from consult.search import indexer
from consult.submissions.models import Attachment, Consent, Redaction, RedactionReason
from consult.submissions.states import State
from tests.submissions.documents import pdf

# Endpoints that are not public reads (forms, members' pages): they are covered by the
# access-control matrix; here only what an anonymous visitor can GET with a 200 matters.
ANONYMOUS_ORGANISATION = "Secretanonymousorg Collective"
SEARCH_WORDS = ("secretdraftword", "secretpendingword", "secretredactedword", "Secret Person",
                "secretwithheldfileword", "secretfileredactedword", "secretconfidentialanswerword",
                "secretconfidentialfileword", "secretreplacedoriginalword")


def stored_file(app, text: str, name: str, **columns) -> Attachment:
    """A text file really written under UPLOAD_DIR, its text already read by the indexer."""
    with app.app_context():
        stored = files.store(text.encode(), name, max_bytes=1024 * 1024)
    return Attachment(**vars(stored), extracted_text=text, **columns)


def seed(make, app):
    """Public and non-public input side by side; every secret carries a marker."""
    secrets: list[str] = []

    def secret(label: str) -> str:
        marker = f"secret{label}word"
        secrets.append(marker)
        return marker

    author = make.user(name="Secret Person Name", email="secret.person@private.example")
    secrets += ["Secret Person Name", "secret.person@private.example"]
    public_round = make.round(slug="open-round")
    at_close = make.round(slug="at-close-round", policy=PublicationPolicy.AT_CLOSE)
    draft_round = make.round(slug="draft-round", status=RoundStatus.DRAFT)
    closed = make.round(slug="closed-round", opens_at=utcnow() - timedelta(days=20), closes_at=utcnow() - timedelta(days=1))
    org = make.organisation("Visible Union", group=StakeholderGroup.TRADE_UNION)
    # Asked not to be named: the organisation may be listed in the directory, but never next
    # to its anonymous input.
    unnamed = make.organisation(ANONYMOUS_ORGANISATION)

    for state in (State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.REJECTED, State.HIDDEN, State.WITHDRAWN):
        marker = secret(state.value.replace("_", ""))
        make.submission(public_round, org, state=state, title=f"Title {marker}",
                        answers={"q1": f"Answer {marker}", "q2": "x"}, author=author)
    make.submission(public_round, org, consent=Consent.NOT_PUBLISHED, title=f"Title {secret('notpublished')}",
                    author=author)
    make.submission(at_close, org, title=f"Title {secret('beforeclose')}", author=author)
    make.submission(draft_round, org, title=f"Title {secret('draftround')}", author=author)

    visible = make.submission(public_round, org, title="Visible published title", author=author,
                              answers={"q1": f"Keep this, hide {secret('redacted')} please.", "q2": "ok"})
    visible.redactions.append(Redaction(field=f"answer:{public_round.questions[0].id}", passage=secrets[-1],
                                        reason=RedactionReason.PERSONAL_DATA))
    # A file withheld by a moderator: its name, its bytes and its text stay on the server.
    visible.attachments.append(stored_file(app, f"Phone {secret('withheldfile')} on page 2",
                                           f"{secret('withheldname')}.txt",
                                           withheld_reason=RedactionReason.PERSONAL_DATA))
    # A public file with a passage redacted in its text: the public gets its redacted text only.
    redacted_file = stored_file(app, f"Call {secret('fileredacted')} today", "call-list.txt")
    visible.attachments.append(redacted_file)
    db.session.flush()
    visible.redactions.append(Redaction(field=redacted_file.part, passage=secrets[-1],
                                        reason=RedactionReason.PERSONAL_DATA))
    # A file a moderator replaced with a redacted version: the original's name, bytes and text stay.
    replaced = stored_file(app, f"Paper {secret('replacedoriginal')} with a name", f"{secret('replacedname')}.txt")
    visible.attachments.append(replaced)
    db.session.flush()
    with app.app_context():
        clean = files.store(b"Paper with the name taken out", "paper-redacted.txt", max_bytes=1024 * 1024)
    db.session.add(RedactedFile(attachment=replaced, **vars(clean), extracted_text="Paper with the name taken out"))
    make.submission(public_round, unnamed, consent=Consent.ANONYMOUS, title="Anonymous but public", author=author)
    # Published, but with an answer and a file kept for the conveners at the author's request.
    partly = make.submission(public_round, org, title="Partly confidential", author=author,
                             answers={"q1": f"Answer {secret('confidentialanswer')}", "q2": "Shown to all"})
    partly.answers[0].confidential = True
    make.attachment(partly, pdf(f"Paper {secret('confidentialfile')}"), filename="secretconfidentialfilenameword.pdf")
    secrets.append("secretconfidentialfilenameword")
    partly.attachments[0].confidential = True
    make.submission(closed, org, title="Closed round input", author=author)
    # A person speaking for themselves, anonymously: nothing personal of theirs is public.
    person = make.user(name="Secretpersonalname Doe", email="secret.individual@private.example")
    profile = make.individual(person, name="Secretprofilename")
    secrets += ["Secretpersonalname", "secret.individual@private.example", "Secretprofilename"]
    public_round.accepts_individuals = True
    make.submission(public_round, profile, consent=Consent.ANONYMOUS, title="A worker's own voice", author=person)
    make.submission(closed, profile, consent=Consent.ANONYMOUS, title="Another of her texts", author=person)
    # Redacted in the author's line: a private name in a self-description, a phone in "on behalf of".
    worker = make.individual(make.user(), description=f"cook for the {secret('selfdescription')} family")
    described = make.submission(public_round, worker, consent=Consent.ANONYMOUS, title="A cook's account")
    described.redactions.append(Redaction(field="self_description", passage=secrets[-1],
                                          reason=RedactionReason.PERSONAL_DATA))
    sent_for = make.submission(public_round, org, title="Sent for a family")
    sent_for.on_behalf_of, sent_for.on_behalf_consent = f"the family of {secret('onbehalf')}", True
    sent_for.redactions.append(Redaction(field="on_behalf_of", passage=secrets[-1],
                                         reason=RedactionReason.PERSONAL_DATA))
    db.session.commit()
    return secrets


def argument_values(app, make) -> dict[str, list[str]]:
    from sqlalchemy import select

    from consult.organisations.models import Organisation
    from consult.rounds.models import Round
    from consult.submissions.models import Attachment, Submission

    return {
        "slug": list(db.session.scalars(select(Round.slug))),
        "reference": list(db.session.scalars(select(Submission.reference))),
        "fmt": ["csv", "json"],
        "attachment_id": [str(i) for i in db.session.scalars(select(Attachment.id))],
        "organisation_id": [str(i) for i in db.session.scalars(select(Organisation.id))],
    }


def public_get_endpoints(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            yield rule


def test_no_marker_of_non_public_input_appears_on_any_public_endpoint(app, make):
    with app.app_context():  # the attachments' files go under UPLOAD_DIR
        secrets = seed(make, app)
    with app.app_context():  # the search index holds what the public may find, and only that
        indexer.drain(app.config["SEARCH_INDEX_DIR"], wait=True)
    values = argument_values(app, make)
    client = app.test_client()
    walked = 0
    shown = ""
    for rule in public_get_endpoints(app):
        for arg in rule.arguments:
            # Arguments of members' pages (ids, actions): anonymous visitors are turned away
            # whatever the value; public pages' arguments are listed in argument_values().
            values.setdefault(arg, ["1", "2"])
        for combination in itertools.product(*(values[arg] for arg in sorted(rule.arguments))):
            try:
                url = rule.build(dict(zip(sorted(rule.arguments), combination)), append_unknown=False)[1]
            except ValueError:  # a converter refusing the placeholder value (e.g. any(a, b))
                continue
            for query in ("", *(f"?q={word}" for word in SEARCH_WORDS)) if "search" in rule.endpoint else ("",):
                response = client.get(url + query)
                assert response.status_code < 500, url
                body = response.get_data(as_text=True)
                if query:
                    # A search page repeats the words asked (title, box, links): look for them
                    # as found text instead — in a title, an answer or a highlighted snippet.
                    contexts = ("Title {}", "Answer {}", "Paper {}", "<mark>{}</mark>", "hide {}")
                    leaked = [s for s in secrets if any(c.format(s) in body for c in contexts)]
                else:
                    leaked = [s for s in secrets if s.lower() in body.lower()]
                assert not leaked, f"{url + query} shows non-public input: {leaked}"
                if "Anonymous but public" in body:
                    assert ANONYMOUS_ORGANISATION not in body, f"{url + query} names an anonymous submitter"
                walked += 1
                shown += body
    # The walk really saw the public input, with its redaction marker in place.
    assert walked > 20
    assert "Visible published title" in shown and "Anonymous but public" in shown and "Closed round input" in shown
    assert "Keep this, hide [redacted: personal data] please." in shown
    assert "One attachment withheld: personal data" in shown
    assert "Call [redacted: personal data] today" in shown  # the redacted file was downloaded
    assert "Paper with the name taken out" in shown and "paper-redacted.txt" in shown  # the moderator's version
    assert "A cook for the [redacted: personal data] family in Lebanon, from Ethiopia" in shown
    assert "on behalf of the family of [redacted: personal data]" in shown
    found = client.get("/search?q=visible").get_data(as_text=True)
    assert "Visible published title" in found
