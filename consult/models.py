"""Every model, imported once so that the metadata is complete (Alembic, tests)."""
from consult.audit import AuditEvent  # noqa: F401
from consult.auth.models import User, UserRole  # noqa: F401
from consult.db import Base
from consult.mail import OutgoingMail  # noqa: F401
from consult.organisations.models import Membership, Organisation  # noqa: F401
from consult.outcomes.models import (  # noqa: F401
    Forwarding, Outcome, Recommendation, RecommendationVersion, SessionSynthesis, StatusUpdate,
    SynthesisVersion, UpdateRight,
)
from consult.rounds.models import Question, Round, RoundDocument, RoundSession, RoundStaff  # noqa: F401
from consult.rounds.models import RoundDeadlineChange  # noqa: F401
from consult.search_outbox import SearchOutbox  # noqa: F401
from consult.submissions.models import (  # noqa: F401
    Answer, Attachment, Redaction, Submission, SubmissionVersion,
)

metadata = Base.metadata
from consult.moderation.models import ModerationDecision, PersonalDataScan, RedactedFile, SubmissionReport  # noqa: F401
from consult.campaigns.models import Campaign, CampaignDecision, CampaignDecisionLetter, CampaignLetter  # noqa: F401
from consult.analysis.models import Citation, Codebook, Dismissal, Tag, Theme  # noqa: F401
from consult.cosigning.models import Cosignature  # noqa: F401
from consult.campaigns.fingerprints import BandKey, CampaignVersion, LetterFingerprint  # noqa: F401
