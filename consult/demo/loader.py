"""Load the demo story from ``demo_data.json``: three linked rounds on migration and
development, a dozen organisations, their input in three languages, one user per role.

Idempotent: every object is looked up by its natural key first, so a second run adds
nothing. Dates are relative to the moment of loading, so the demo always has an open round.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from consult import db, files
from consult.auth import services as account_services
from consult.auth.models import User
from consult.cosigning import services as cosigning_services
from consult.db import utcnow
from consult.demo.campaigns import load_campaign
from consult.demo import analysis as demo_analysis
from consult.moderation import services as moderation_services
from consult.outcomes import services as outcome_services
from consult.outcomes.states import Addressee, RecommendationStatus
from consult.organisations.models import Membership, MembershipRole, Organisation, StakeholderGroup
from consult.rounds.models import (
    Level, PublicationPolicy, Question, Round, RoundSession, RoundStaff, RoundStatus, StaffRole,
)
from consult.security import Role
from consult.submissions import services as submission_services
from consult.submissions.models import Consent, RedactionReason, Submission
from consult.submissions.states import Action, State, path_from_draft

DATA_FILE = Path(__file__).with_name("demo_data.json")

DEMO_USERS = [
    ("admin@consult.example", "Demo Admin", Role.ADMIN),
    ("convener@consult.example", "Demo Convener", Role.CONVENER),
    ("moderator@consult.example", "Demo Moderator", Role.MODERATOR),
    ("ngo@consult.example", "Demo NGO Officer", Role.MEMBER),
]

@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    passwords: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def summary(self) -> str:
        if not self.created:
            return "Demo data already present; nothing added."
        return "Demo data loaded: " + ", ".join(f"{n} {kind}" for kind, n in self.created.items()) + "."


def database_is_empty() -> bool:
    return db.session.scalar(select(Round.id).limit(1)) is None


def load(now: datetime | None = None, data_file: Path = DATA_FILE) -> LoadReport:
    now = now or utcnow()
    data = json.loads(data_file.read_text(encoding="utf-8"))
    report = LoadReport()
    orgs = {o["key"]: _organisation(o, report, now) for o in data["organisations"]}
    users = {email: _user(email, name, role, report) for email, name, role in DEMO_USERS}
    _membership(users["ngo@consult.example"], _ngo_home(data, orgs))
    rounds = {r["slug"]: _round(r, orgs, report, now) for r in data["rounds"]}
    for spec in data["rounds"]:
        if spec.get("feeds_into"):
            rounds[spec["slug"]].feeds_into = rounds[spec["feeds_into"]]
        _staff(rounds[spec["slug"]], users["convener@consult.example"], StaffRole.CONVENER)
        _staff(rounds[spec["slug"]], users["moderator@consult.example"], StaffRole.MODERATOR)
    db.session.flush()
    for spec in data["submissions"]:
        _submission(spec, rounds[spec["round"]], orgs[spec["organisation"]], users["moderator@consult.example"],
                    report, now)
    db.session.flush()
    for spec in data["submissions"]:
        for cosigner in spec.get("cosigners", []):
            _cosigner(cosigner, rounds[spec["round"]], orgs[spec["organisation"]], orgs[cosigner["organisation"]],
                      users["ngo@consult.example"], report)
    for spec in data.get("outcomes", []):
        _outcome(spec, rounds[spec["round"]], orgs, users["convener@consult.example"], report)
    for spec in data.get("campaigns", []):
        load_campaign(spec, rounds[spec["round"]], report, now)
    for spec in data.get("analysis", []):
        if demo_analysis.load(spec, rounds[spec["round"]], orgs, users["convener@consult.example"]):
            report.count("analyses")
    return report


def _cosigner(spec: dict, round_: Round, lead: Organisation, org: Organisation, officer: User,
              report: LoadReport) -> None:
    """Coalition input: the demo NGO officer's organisation is asked to co-sign, and confirms
    where the data says so (the officer belongs to it: see ``_ngo_home``)."""
    submission = db.session.scalar(
        select(Submission).where(Submission.round_id == round_.id, Submission.organisation_id == lead.id))
    if any(c.organisation_id == org.id for c in submission.cosignatures):
        return
    cosignature = cosigning_services.invite(submission, org.id, spec.get("message", ""), actor=None)
    if spec.get("confirmed"):
        cosigning_services.confirm(cosignature, actor=officer)
    report.count("co-signatures")


def _outcome(spec: dict, round_: Round, orgs: dict[str, Organisation], convener: User, report: LoadReport) -> None:
    """A concluded round with its synthesis and recommendations, forwarded up a level, one
    of them already followed up: the cycle the platform exists for."""
    if round_.status == RoundStatus.CONCLUDED:
        return
    outcome = outcome_services.outcome_for(round_, actor=convener)
    sessions = {s.key: s for s in round_.sessions}
    outcome_services.save_syntheses(
        outcome, actor=convener, texts={sessions[key].id: text for key, text in spec["syntheses"].items()}
    )
    published = {
        s.organisation_id: s
        for s in db.session.scalars(select(Submission).where(Submission.round_id == round_.id))
        if s.is_public()
    }
    recommendations = []
    for item in spec["recommendations"]:
        supporting = [published[orgs[key].id] for key in item["supported_by"] if orgs[key].id in published]
        recommendations.append((item, outcome_services.add_recommendation(
            outcome, actor=convener, text=item["text"], addressee=Addressee(item["addressee"]),
            session=sessions.get(item["session"]), theme=item.get("theme"), submissions=supporting,
        )))
    outcome_services.publish_outcome(outcome, actor=convener)
    for item, recommendation in recommendations:
        if item.get("status"):
            outcome_services.post_update(recommendation, actor=convener, status=RecommendationStatus(item["status"]),
                                         text=item["update"])
    if spec.get("forward") and round_.feeds_into is not None:
        outcome_services.forward_recommendations(round_, actor=convener)
    report.count("outcomes")


def _ngo_home(data: dict, orgs: dict[str, Organisation]) -> Organisation:
    """The demo NGO officer belongs to the first civil-society organisation."""
    key = next(o["key"] for o in data["organisations"] if o["stakeholder_group"] == "civil_society")
    return orgs[key]


def _organisation(spec: dict, report: LoadReport, now: datetime) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.name == spec["name"]))
    if org is None:
        org = Organisation(
            name=spec["name"],
            acronym=spec.get("acronym"),
            stakeholder_group=StakeholderGroup(spec["stakeholder_group"]),
            country=spec.get("country"),
            website=spec.get("website"),
            description=spec.get("description"),
            registry_number=spec.get("registry_number"),
            origin_country=spec.get("origin_country"),
            self_description=spec.get("self_description"),
            verified_at=now if spec.get("verified") else None,
            verification_note="Demo organisation" if spec.get("verified") else None,
        )
        db.session.add(org)
        report.count("organisations")
    return org


def _user(email: str, name: str, role: Role, report: LoadReport) -> User:
    user = account_services.find_by_email(email)
    if user is None:
        password = secrets.token_urlsafe(12)
        user = account_services.create_user(email, name, password, roles=[role], confirmed=True)
        report.passwords.append((email, role.value, password))
        report.count("users")
    return user


def _membership(user: User, org: Organisation) -> None:
    db.session.flush()
    if org.id not in user.organisation_ids(include_pending=True):
        db.session.add(Membership(user=user, organisation=org, role=MembershipRole.OWNER))


def _staff(round_: Round, user: User, role: StaffRole) -> None:
    if role not in round_.staff_roles(user):
        round_.staff.append(RoundStaff(user=user, role=role))


def _round(spec: dict, orgs: dict[str, Organisation], report: LoadReport, now: datetime) -> Round:
    round_ = db.session.scalar(select(Round).where(Round.slug == spec["slug"]))
    if round_ is not None:
        return round_
    # Deadlines fall at 23:59 in the round's own time zone, as a convener would set them.
    day = now.astimezone(ZoneInfo(spec["timezone"])).replace(hour=0, minute=0, second=0, microsecond=0)
    round_ = Round(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        background=spec["background"],
        level=Level(spec["level"]),
        country=spec.get("country"),
        region=spec.get("region"),
        convening_organisation=orgs.get(spec.get("convening_organisation")),
        opens_at=(day + timedelta(days=spec["opens_in_days"])).astimezone(timezone.utc),
        closes_at=(day + timedelta(days=spec["closes_in_days"], hours=23, minutes=59)).astimezone(timezone.utc),
        timezone=spec["timezone"],
        publication_policy=PublicationPolicy(spec["publication_policy"]),
        languages=spec["languages"],
        status=RoundStatus.PUBLISHED,
        reference_prefix=spec["reference_prefix"],
        accepts_individuals=spec.get("accepts_individuals", False),
    )
    sessions = {}
    for position, s in enumerate(spec["sessions"], start=1):
        sessions[s["key"]] = RoundSession(key=s["key"], title=s["title"], description=s["description"], position=position)
        round_.sessions.append(sessions[s["key"]])
    for position, q in enumerate(spec["questions"], start=1):
        round_.questions.append(
            Question(
                key=q["key"],
                position=position,
                text=q["text"],
                guidance=q.get("guidance", ""),
                required=q.get("required", True),
                word_limit=q.get("word_limit", 600),
                session=sessions.get(q.get("session")),
            )
        )
    db.session.add(round_)
    report.count("rounds")
    return round_


def _attachment(submission: Submission, spec: dict, moderator: User) -> None:
    """A paper attached as an organisation attaches one; then, as on the review page, the
    moderator withholds it for personal data or redacts a passage of its text (before the
    submission is sent and published, like the demo's other redactions)."""
    data = spec["text"].encode("utf-8")
    prepared = files.prepare(data, spec["filename"], max_bytes=len(data))
    submission_services.add_attachments(submission, [prepared], actor=None)
    attachment = submission.attachments[-1]
    attachment.extracted_text = spec["text"]  # the demo's own text: no need to wait for the indexer
    if spec.get("withheld"):
        submission_services.withhold_attachment(attachment, actor=moderator, reason=RedactionReason(spec["withheld"]),
                                                note=spec.get("note"))
    for item in spec.get("redactions", []):
        moderation_services.add_redaction(submission, actor=moderator, field=attachment.part, passage=item["passage"],
                                          reason=RedactionReason(item["reason"]), note=item.get("note"))


def _submission(spec: dict, round_: Round, org: Organisation, moderator: User, report: LoadReport,
                now: datetime) -> None:
    exists = db.session.scalar(
        select(Submission.id).where(Submission.round_id == round_.id, Submission.organisation_id == org.id)
    )
    if exists:
        return
    submission = submission_services.create_draft(
        round_, org, actor=None, language=spec["language"], consent=Consent(spec["consent"])
    )
    questions = {q.key: q.id for q in round_.questions}
    submission_services.save_content(
        submission,
        actor=None,
        answers={questions[key]: text for key, text in spec["answers"].items()},
        sessions=[s for s in round_.sessions if s.key in spec.get("sessions", [])],
        title=spec["title"],
        summary=spec["summary"],
        # Sent for a community that agreed to it (never named).
        on_behalf_of=spec.get("on_behalf_of", ""),
        on_behalf_consent=bool(spec.get("on_behalf_of")),
    )
    # Personal data in the text is withheld the way a moderator does it, so the demo shows
    # the public the marker and the moderators the original.
    for item in spec.get("redactions", []):
        part = item["part"] if item["part"] in ("title", "summary") else f"answer:{questions[item['part']]}"
        moderation_services.add_redaction(submission, actor=moderator, field=part, passage=item["passage"],
                                          reason=RedactionReason(item["reason"]), note=item.get("note"))
    for item in spec.get("attachments", []):
        _attachment(submission, item, moderator)
    target = State(spec["state"])
    for action in path_from_draft(target):
        reason = spec.get("moderator_message") if action == Action.REQUEST_CHANGES else None
        submission_services.transition(submission, action, actor=None, reason=reason)
    if target != State.DRAFT:
        # Back-date to tell a believable story: received some days ago, decided a day later.
        received = min(now, round_.closes_at) - timedelta(days=spec.get("submitted_days_ago", 1), hours=3)
        submission.submitted_at = max(received, round_.opens_at + timedelta(hours=1))
        if submission.published_at is not None:
            submission.published_at = min(submission.submitted_at + timedelta(days=1), now)
    report.count("submissions")
