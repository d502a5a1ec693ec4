"""Factories that build valid objects with as few arguments as a test needs."""
from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from consult import db, search_outbox
from consult.campaigns.models import Campaign, CampaignDecision, CampaignLetter
from consult.auth.models import User, UserRole
from consult.auth.passwords import hash_password
from consult.cosigning.models import Cosignature, CosignatureState
from consult.db import utcnow
from consult.moderation.models import ReportReason, SubmissionReport
from consult.organisations.models import Membership, MembershipRole, Organisation, StakeholderGroup
from consult.outcomes import services as outcome_services
from consult.outcomes.states import Addressee
from consult.rounds.models import (
    Level, PublicationPolicy, Question, Round, RoundDocument, RoundSession, RoundStaff, RoundStatus, StaffRole,
)
from consult.security import Role
from consult import files as attachments
from consult.submissions import services as submission_services
from consult.submissions.models import Attachment, Consent, Redaction, RedactionReason, Submission
from consult.submissions.states import State, path_from_draft
from tests.submissions.documents import pdf

PASSWORD = "a long enough test password"
_PASSWORD_HASH = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once per run
_seq = itertools.count(1)
# Words for a sentence that each default submission says and no other does: without it, the
# default texts would be copies of one another, and recognition would group them as a campaign.
_WORDS = ("harbour inspectors diaspora pensions contracts wages housing clinics "
          "schools drought floods fishing farms ships domestic care sponsorship passports courts unions "
          "employers brokers loans savings training languages children families return border asylum "
          "registration data cities mayors ministries embassies consulates hotlines shelters lawyers "
          "interpreters insurance transfers banks phones villages harvests factories mines kitchens "
          "hospitals teachers nurses drivers cleaners builders fishers farmers students").split()


def _point_of_its_own() -> str:
    words = random.Random(next(_seq)).sample(_WORDS, 12)
    return " ".join(words).capitalize() + "."



class Factories:
    def user(self, *roles: Role, email: str | None = None, name: str = "Test Person", organisation=None) -> User:
        n = next(_seq)
        user = User(email=email or f"person{n}@test.example", name=name, password_hash=_PASSWORD_HASH,
                    email_confirmed_at=utcnow())
        user.role_rows = [UserRole(role=r) for r in {Role.MEMBER, *roles}]
        db.session.add(user)
        if organisation is not None:
            db.session.add(Membership(user=user, organisation=organisation, role=MembershipRole.OWNER))
        db.session.flush()
        return user

    def organisation(self, name: str | None = None, *, group=StakeholderGroup.CIVIL_SOCIETY,
                     country: str = "PH", verified: bool = True) -> Organisation:
        org = Organisation(name=name or f"Organisation {next(_seq)}", stakeholder_group=group, country=country,
                           verified_at=utcnow() if verified else None)
        db.session.add(org)
        db.session.flush()
        return org

    def individual(self, user: User, *, country: str = "LB", origin: str | None = "ET",
                   description: str | None = "domestic worker", name: str = "") -> Organisation:
        """A person's own profile (they take part as themselves), owned by ``user``."""
        profile = Organisation(name=name, stakeholder_group=StakeholderGroup.INDIVIDUAL, country=country,
                               origin_country=origin, self_description=description)
        profile.memberships.append(Membership(user=user, role=MembershipRole.OWNER))
        db.session.add(profile)
        db.session.flush()
        return profile

    def round(self, *, slug: str | None = None, title: str = "Consultation on labour migration",
              status: RoundStatus = RoundStatus.PUBLISHED, opens_at: datetime | None = None,
              closes_at: datetime | None = None, level: Level = Level.NATIONAL,
              policy: PublicationPolicy = PublicationPolicy.ON_APPROVAL, timezone: str = "UTC",
              questions: int = 2, sessions: int = 1, convener: User | None = None,
              moderator: User | None = None, feeds_into: Round | None = None) -> Round:
        now = utcnow()
        n = next(_seq)
        round_ = Round(
            slug=slug or f"round-{n}", title=title, summary="What should change, and how?",
            background="## Why\n\nMigration touches every **policy** area.", level=level,
            opens_at=opens_at or now - timedelta(days=7), closes_at=closes_at or now + timedelta(days=7),
            timezone=timezone, publication_policy=policy, languages=["en", "fr", "es"], status=status,
            reference_prefix=f"T{n}", feeds_into=feeds_into,
        )
        for i in range(1, sessions + 1):
            round_.sessions.append(RoundSession(key=f"session-{i}", title=f"Session {i}: ethical recruitment", position=i))
        for i in range(1, questions + 1):
            round_.questions.append(Question(key=f"q{i}", position=i, text=f"Guiding question {i}?", word_limit=300))
        if convener:
            round_.staff.append(RoundStaff(user=convener, role=StaffRole.CONVENER))
        if moderator:
            round_.staff.append(RoundStaff(user=moderator, role=StaffRole.MODERATOR))
        db.session.add(round_)
        db.session.flush()
        return round_

    def submission(self, round_: Round, organisation: Organisation, *, state: State = State.PUBLISHED,
                   title: str = "Recruitment fees must end", consent: Consent = Consent.NAMED,
                   answers: dict[str, str] | None = None, language: str = "en", author: User | None = None) -> Submission:
        submission = submission_services.create_draft(round_, organisation, actor=None, language=language, consent=consent)
        submission.author = author
        texts = answers or {q.key: f"Workers should never pay recruitment fees ({q.key}). {_point_of_its_own()}"
                            for q in round_.questions}
        by_key = {q.key: q.id for q in round_.questions}
        submission_services.save_content(
            submission, actor=None, answers={by_key[k]: v for k, v in texts.items()},
            title=title, summary="Fees push workers into debt.",
        )
        for action in path_from_draft(state):
            submission_services.transition(submission, action, actor=None, reason="test")
        return submission

    # --- campaigns --------------------------------------------------------------------
    def campaign(self, round_: Round, template_text: str = "Recruitment fees trap migrant workers in debt. "
                 "We ask the government to ban them and to enforce the ban.", *, letters: int = 10,
                 own_words: dict[int, str] | None = None, substantial: set[int] | frozenset = frozenset(),
                 anonymous: set[int] | frozenset = frozenset(), state: State = State.SUBMITTED,
                 title: str = "Ban recruitment fees", group=StakeholderGroup.CIVIL_SOCIETY,
                 country: str = "PH") -> Campaign:
        """A campaign of ``letters`` letters (each from its own sender, letter 0 the template),
        built directly as recognition would leave it: ``own_words`` by letter index, the
        indexes whose own words are ``substantial``, the senders who publish ``anonymous``ly.
        Rows are written in bulk, without audit rows, so that a 500-letter campaign is quick."""
        own_words = own_words or {}
        now = utcnow()
        number = 1 + (db.session.scalar(select(func.max(Campaign.number)).where(Campaign.round_id == round_.id)) or 0)
        senders = [Organisation(name=f"Campaign sender {next(_seq)}", stakeholder_group=group, country=country)
                   for _ in range(letters)]
        db.session.add_all(senders)
        start = db.session.execute(
            update(Round).where(Round.id == round_.id).values(submission_counter=Round.submission_counter + letters)
            .returning(Round.submission_counter), execution_options={"synchronize_session": False},
        ).scalar_one() - letters
        submissions = []
        for i, sender in enumerate(senders):
            text = template_text + (f"\n\n{own_words[i]}" if i in own_words else "")
            submissions.append(Submission(
                reference=f"{round_.reference_prefix}-{round_.opens_at.year}-{start + i + 1:04d}", round=round_,
                organisation=sender, state=state, title=title, letter=text, imported=True,
                consent=Consent.ANONYMOUS if i in anonymous else Consent.NAMED,
                submitted_at=None if state in (State.DRAFT, State.WITHDRAWN) else now,
                published_at=now if state in (State.PUBLISHED, State.HIDDEN) else None))
        db.session.add_all(submissions)
        db.session.flush()
        campaign = Campaign(round=round_, number=number, template_submission_id=submissions[0].id if submissions else None,
                            template_text=template_text, letters_count=letters, own_words_count=len(own_words))
        db.session.add(campaign)
        db.session.flush()
        db.session.add_all(CampaignLetter(submission_id=s.id, campaign_id=campaign.id, own_words=own_words.get(i, ""),
                                          own_words_substantial=i in substantial, similarity=1.0 if i not in own_words else 0.8)
                           for i, s in enumerate(submissions))
        for submission in submissions:  # as the services would: the index follows what changed
            search_outbox.enqueue(submission.id)
        db.session.flush()
        return campaign

    # --- moderation -------------------------------------------------------------------
    def report(self, submission: Submission, *, reason: str = "personal_data", text: str | None = None):
        item = SubmissionReport(submission_id=submission.id, reason=ReportReason(reason), text=text)
        db.session.add(item)
        db.session.flush()
        return item

    def redaction(self, submission: Submission, passage: str, *, field: str = "title", reason: str = "personal_data"):
        redaction = Redaction(submission=submission, field=field, passage=passage, reason=RedactionReason(reason))
        db.session.add(redaction)
        db.session.flush()
        return redaction

    # --- files ------------------------------------------------------------------------
    def round_document(self, round_: Round, data: bytes | None = None, filename: str = "background-paper.pdf"):
        """A stored background document (needs an app context, like attachment())."""
        stored = attachments.store(data or pdf(), filename, max_bytes=10 * 1024 * 1024)
        document = RoundDocument(**vars(stored))
        round_.documents.append(document)
        db.session.flush()
        return document

    def attachment(self, submission: Submission, data: bytes | None = None, filename: str = "position-paper.pdf"):
        """A stored attachment (needs an app context: the file goes under UPLOAD_DIR)."""
        stored = attachments.store(data or pdf(), filename, max_bytes=10 * 1024 * 1024)
        attachment = Attachment(submission=submission, **vars(stored))
        db.session.add(attachment)
        db.session.flush()
        return attachment

    # --- outcomes -----------------------------------------------------------------------
    def closed_round(self, **kwargs) -> Round:
        """A published round whose input window is over: its outcome can be written."""
        now = utcnow()
        kwargs.setdefault("opens_at", now - timedelta(days=30))
        kwargs.setdefault("closes_at", now - timedelta(days=1))
        return self.round(**kwargs)

    def outcome(self, round_: Round, *, publish: bool = False, recommendations: int = 1, supporting=(),
                text: str = "End recruitment fees for migrant workers.", actor=None):
        """An outcome with ``recommendations`` recommendations (the first supported by
        ``supporting`` submissions), published (concluding the round) when ``publish``.
        Publishing emails the round's participants, which needs an app context: publish
        through the page instead when the round has input."""
        outcome = outcome_services.outcome_for(round_, actor=actor)
        if round_.sessions:
            outcome_services.save_syntheses(outcome, actor=actor, texts={round_.sessions[0].id: "The session **agreed**."})
        for i in range(recommendations):
            outcome_services.add_recommendation(
                outcome, actor=actor, text=text if i == 0 else f"{text} ({i + 1})", addressee=Addressee.GOVERNMENTS,
                session=round_.sessions[0] if round_.sessions else None, submissions=list(supporting) if i == 0 else [],
            )
        if publish:
            outcome_services.publish_outcome(outcome, actor=actor)
        return outcome

    def update_right(self, recommendation, organisation):
        """Let ``organisation``'s members post follow-up updates on ``recommendation``."""
        return outcome_services.grant_update_right(recommendation, organisation, actor=None)

    # --- co-signing ---------------------------------------------------------------------
    def campaign_decision(self, campaign: Campaign, action: str = "publish") -> CampaignDecision:
        """A decision on the campaign's letters under way, none applied yet (its letters unlisted)."""
        decision = CampaignDecision(campaign=campaign, action=action, letters_total=campaign.letters_count,
                                    applied=0, skipped=0)
        db.session.add(decision)
        db.session.flush()
        return decision

    def cosignature(self, submission: Submission, organisation: Organisation, *, message: str = "",
                    state: CosignatureState = CosignatureState.INVITED, answered_by: User | None = None):
        """``organisation`` invited to co-sign ``submission`` (no email: tests of the invitation
        itself go through the page), in ``state``; confirmed or declined by ``answered_by``."""
        answered = state in (CosignatureState.CONFIRMED, CosignatureState.DECLINED)
        cosignature = Cosignature(submission_id=submission.id, organisation_id=organisation.id, state=state,
                                  message=message, answered_by=answered_by, answered_at=utcnow() if answered else None)
        db.session.add(cosignature)
        db.session.flush()
        db.session.expire(submission, ["cosignatures"])
        return cosignature
