"""Open data: the register of recommendations as CSV and JSON (published outcomes only).

Public fields only: supporting input is named by its public reference and only while it
passes the public predicate; no person's name or email ever appears.
"""
from __future__ import annotations

import csv
import io
import json

from flask_babel import lazy_gettext as _l

from consult import db
from consult.links import public_url_for
from consult.outcomes.models import Recommendation
from consult.outcomes.queries import RegisterFilters, register_statement, with_details
from consult.public.open_data import defuse_formula, iso_utc

EXPORT_LIMIT = 10_000

FIELDS = [
    ("code", _l("The recommendation's citable reference, e.g. NP-2026-R3.")),
    ("url", _l("Address of the recommendation's public page.")),
    ("round", _l("Slug of the round whose outcome it belongs to.")),
    ("level", _l("Level of that round (local, national, regional, global).")),
    ("country", _l("Country of that round, when it has one.")),
    ("region", _l("Region of that round, when it has one.")),
    ("session", _l("Title of the thematic session it comes from; empty for the round as a whole.")),
    ("theme", _l("Theme tag given by the conveners.")),
    ("addressee", _l("To whom it is addressed (governments, international_organisations, ...).")),
    ("addressee_name", _l("The named body, when addressed to one.")),
    ("text", _l("The recommendation's current wording.")),
    ("status", _l("Follow-up status (proposed, accepted, in_progress, implemented, not_taken_up).")),
    ("status_changed_at", _l("When the status last changed, in UTC (ISO 8601).")),
    ("published_at", _l("When the outcome was published, in UTC.")),
    ("revised_at", _l("When the wording was last corrected after publication, in UTC.")),
    ("supporting_input", _l("References of the published submissions that support it (';' in CSV).")),
    ("cites", _l("Codes of the forwarded lower-level recommendations it builds on (';' in CSV).")),
    ("forwarded_to", _l("Slug of the higher round it was forwarded to, if any.")),
]


def public_recommendations(filters: RegisterFilters) -> list[Recommendation]:
    return list(db.session.scalars(with_details(register_statement(filters)).limit(EXPORT_LIMIT)))


def record(recommendation: Recommendation) -> dict:
    round_ = recommendation.round
    forwarding = recommendation.forwarding
    return {
        "code": recommendation.code,
        "url": public_url_for("outcomes.recommendation", recommendation_id=recommendation.id),
        "round": round_.slug,
        "level": round_.level.value,
        "country": round_.country or "",
        "region": round_.region or "",
        "session": recommendation.session.title if recommendation.session else "",
        "theme": recommendation.theme or "",
        "addressee": recommendation.addressee.value,
        "addressee_name": recommendation.addressee_name or "",
        "text": recommendation.text,
        "status": recommendation.status.value,
        "status_changed_at": iso_utc(recommendation.status_changed_at),
        "published_at": iso_utc(recommendation.outcome.published_at),
        "revised_at": iso_utc(recommendation.revised_at),
        "supporting_input": [s.reference for s in recommendation.public_supporting_submissions()],
        "cites": [c.code for c in recommendation.cites if c.is_public()],
        "forwarded_to": forwarding.to_round.slug if forwarding else "",
    }


def as_json(filters: RegisterFilters, recommendations: list[Recommendation]) -> str:
    return json.dumps(
        {"filters": filters.as_args(), "count": len(recommendations),
         "recommendations": [record(r) for r in recommendations]},
        ensure_ascii=False, indent=1,
    )


def as_csv(recommendations: list[Recommendation]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[name for name, _ in FIELDS])
    writer.writeheader()
    for recommendation in recommendations:
        row = record(recommendation)
        row["supporting_input"] = ";".join(row["supporting_input"])
        row["cites"] = ";".join(row["cites"])
        writer.writerow({k: defuse_formula(v) for k, v in row.items()})
    return buffer.getvalue()
