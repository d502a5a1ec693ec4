"""The OpenAPI 3 description of /api/v1 (served at /api/v1/openapi.json; schemathesis checks
every response against it in the test suite)."""
from __future__ import annotations


from consult.links import public_url_for
from consult.organisations.models import StakeholderGroup
from consult.rounds.models import Level, RoundPhase
from consult.search.queries import FILTERS as SEARCH_FILTERS

STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
DATETIME = {"type": "string", "format": "date-time"}
NULLABLE_DATETIME = {"type": "string", "format": "date-time", "nullable": True}
INTEGER = {"type": "integer"}


def _object(properties: dict) -> dict:
    return {"type": "object", "required": list(properties), "properties": properties}


ROUND_SUMMARY = {
    "slug": STRING, "title": STRING, "summary": STRING,
    "level": {"type": "string", "enum": [level.value for level in Level]},
    "country": NULLABLE_STRING, "region": NULLABLE_STRING,
    "state": {"type": "string", "enum": [phase.value for phase in RoundPhase if phase != RoundPhase.DRAFT]},
    "opens_at": DATETIME, "closes_at": DATETIME, "timezone": STRING,
    "languages": {"type": "array", "items": STRING}, "feeds_into": NULLABLE_STRING, "url": STRING,
}
SESSION = {"key": STRING, "title": STRING, "description": STRING, "position": INTEGER}
QUESTION = {"key": STRING, "text": STRING, "guidance": STRING, "required": {"type": "boolean"},
            "word_limit": INTEGER, "session": NULLABLE_STRING, "position": INTEGER,
            "wording_updated_at": NULLABLE_DATETIME}
SUBMISSION = {
    "reference": STRING, "url": STRING, "round": STRING, "title": STRING, "summary": STRING,
    "organisation": {"type": "string", "description": "Empty when the organisation asked not to be named."},
    "cosigners": {"type": "array", "description": "Organisations that co-signed and confirmed it.",
                  "items": _object({"organisation": STRING, "stakeholder_group": STRING, "country": STRING})},
    "stakeholder_group": {"type": "string", "enum": [g.value for g in StakeholderGroup]},
    "country": STRING, "language": STRING, "sessions": {"type": "array", "items": STRING},
    "published_at": STRING,
    "letter": {"type": "string", "description": "The whole text of input that follows no form, such as a letter "
                                                "received by post (redactions applied); empty otherwise."},
    "campaign": {"type": "integer", "nullable": True,
                 "description": "Number (within the round) of the campaign this submission is a letter of; "
                                "null when it is in none."},
    "answers": {"type": "object", "additionalProperties": STRING},
    "attachments": {"type": "array", "items": STRING},
}
RECOMMENDATION = {
    "code": STRING, "url": STRING, "round": STRING, "level": STRING, "country": STRING, "region": STRING,
    "session": STRING, "theme": STRING, "addressee": STRING, "addressee_name": STRING, "text": STRING,
    "status": {"type": "string", "enum": ["proposed", "accepted", "in_progress", "implemented", "not_taken_up"]},
    "status_changed_at": STRING, "published_at": STRING, "revised_at": STRING,
    "supporting_input": {"type": "array", "items": STRING}, "cites": {"type": "array", "items": STRING},
    "forwarded_to": STRING,
}
SERIES = _object({"key": STRING, "title": STRING, "summary": STRING,
                  "rows": {"type": "array", "items": _object({"label": STRING, "count": INTEGER})}})
ERROR = _object({"error": _object({"status": INTEGER, "message": STRING})})


def _page_of(ref: str) -> dict:
    return _object({"items": {"type": "array", "items": {"$ref": ref}}, "page": INTEGER, "per_page": INTEGER,
                    "total": INTEGER, "pages": INTEGER})


def _ok(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


NOT_FOUND = {"404": _ok({"$ref": "#/components/schemas/Error"}, "Not found (or not public)")}
PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
]
SLUG = {"name": "slug", "in": "path", "required": True, "schema": STRING}


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Consult public API", "version": "1.0.0",
                 "description": "Read-only access to public consultation rounds and published input. "
                                "Public fields only; redactions applied."},
        "servers": [{"url": public_url_for("api.openapi_document").rsplit("/openapi.json", 1)[0]}],
        "paths": {
            "/rounds": {"get": {"summary": "Public rounds, newest first", "parameters": PAGING + [
                {"name": "level", "in": "query", "schema": ROUND_SUMMARY["level"]},
                {"name": "state", "in": "query", "schema": ROUND_SUMMARY["state"]},
                {"name": "year", "in": "query", "schema": {"type": "integer", "minimum": 1901, "maximum": 2999}},
                {"name": "region", "in": "query", "schema": STRING}],
                "responses": {"200": _ok({"$ref": "#/components/schemas/RoundPage"})}}},
            "/rounds/{slug}": {"get": {"summary": "One round with its sessions and questions", "parameters": [SLUG],
                                       "responses": {"200": _ok({"$ref": "#/components/schemas/RoundDetail"}), **NOT_FOUND}}},
            "/rounds/{slug}/sessions": {"get": {"summary": "Thematic sessions", "parameters": [SLUG], "responses": {
                "200": _ok(_object({"items": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}})), **NOT_FOUND}}},
            "/rounds/{slug}/questions": {"get": {"summary": "Guiding questions", "parameters": [SLUG], "responses": {
                "200": _ok(_object({"items": {"type": "array", "items": {"$ref": "#/components/schemas/Question"}}})), **NOT_FOUND}}},
            "/rounds/{slug}/submissions": {"get": {"summary": "Published input of a round", "parameters": [SLUG] + PAGING,
                                                   "responses": {"200": _ok({"$ref": "#/components/schemas/SubmissionPage"}), **NOT_FOUND}}},
            "/rounds/{slug}/statistics": {"get": {"summary": "Participation statistics (after the close)", "parameters": [SLUG],
                "responses": {"200": _ok(_object({"round": STRING, "series": {"type": "array", "items": {"$ref": "#/components/schemas/Series"}}})),
                              "403": _ok({"$ref": "#/components/schemas/Error"}, "The round has not closed yet"), **NOT_FOUND}}},
            "/statistics": {"get": {"summary": "Participation across closed rounds", "responses": {
                "200": _ok(_object({"series": {"type": "array", "items": {"$ref": "#/components/schemas/Series"}}}))}}},
            "/search": {"get": {"summary": "Full-text search of published input, with facets", "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 500},
                 "description": 'Words, "phrases", OR, -exclusions'},
                {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date"]}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000}},
                *[{"name": facet, "in": "query", "schema": STRING}
                  for facet in SEARCH_FILTERS]],
                "responses": {"200": _ok({"$ref": "#/components/schemas/SearchPage"}),
                              "400": _ok({"$ref": "#/components/schemas/Error"}, "The query cannot be read")}}},
            "/recommendations": {"get": {"summary": "The register of recommendations across rounds",
                "parameters": PAGING + [{"name": name, "in": "query", "schema": STRING}
                                        for name in ("status", "addressee", "level", "theme", "year", "round")],
                "responses": {"200": _ok({"$ref": "#/components/schemas/RecommendationPage"})}}},
            "/recommendations/{recommendation_id}": {"get": {"summary": "One recommendation and its follow-up",
                "parameters": [{"name": "recommendation_id", "in": "path", "required": True, "schema": INTEGER}],
                "responses": {"200": _ok({"$ref": "#/components/schemas/RecommendationDetail"}), **NOT_FOUND}}},
            "/submissions/{reference}": {"get": {"summary": "One published submission", "parameters": [
                {"name": "reference", "in": "path", "required": True, "schema": STRING}],
                "responses": {"200": _ok({"$ref": "#/components/schemas/Submission"}), **NOT_FOUND}}},
        },
        "components": {"schemas": {
            "RoundSummary": _object(ROUND_SUMMARY),
            "RoundDetail": _object(ROUND_SUMMARY | {
                "background": STRING, "publication_policy": {"type": "string", "enum": ["on_approval", "at_close"]},
                "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
                "questions": {"type": "array", "items": {"$ref": "#/components/schemas/Question"}},
                "fed_by": {"type": "array", "items": STRING}, "published_submissions": INTEGER}),
            "Session": _object(SESSION),
            "Question": _object(QUESTION),
            "Submission": _object(SUBMISSION),
            "RoundPage": _page_of("#/components/schemas/RoundSummary"),
            "SubmissionPage": _page_of("#/components/schemas/Submission"),
            "Series": SERIES,
            "Recommendation": _object(RECOMMENDATION),
            "RecommendationDetail": _object(RECOMMENDATION | {"updates": {"type": "array", "items": _object({
                "date": STRING, "from_status": STRING, "to_status": STRING, "text": STRING,
                "evidence_url": NULLABLE_STRING})}}),
            "RecommendationPage": _page_of("#/components/schemas/Recommendation"),
            "SearchPage": _object({
                "query": STRING, "filters": {"type": "object"}, "sort": STRING, "page": INTEGER, "pages": INTEGER,
                "total": INTEGER, "total_is_estimate": {"type": "boolean"}, "incomplete": {"type": "boolean"},
                "results": {"type": "array", "items": _object({
                    "reference": STRING, "url": STRING, "title": STRING, "author": STRING, "round": STRING,
                    "sessions": {"type": "array", "items": STRING}, "language": STRING,
                    "published_at": NULLABLE_STRING, "snippet_html": STRING,
                    "campaign": {"type": "object", "nullable": True, "description": (
                        "For a campaign letter: its campaign (number, round, public letters, those with own words, "
                        "url) and whether the hit is the campaign itself (hit_is_campaign) or a personal addition."
                    )}})},
                "facets": {"type": "object", "additionalProperties": {"type": "array", "items": _object(
                    {"value": STRING, "label": STRING, "count": INTEGER})}},
            }),
            "Error": ERROR,
        }},
    }
