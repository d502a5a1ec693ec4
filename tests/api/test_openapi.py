"""schemathesis drives every operation of /api/v1/openapi.json against the app: no server
error, and every response matches the schema it documents."""
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings

from consult import db
from consult.organisations.models import StakeholderGroup
from consult.submissions.models import Consent


def test_every_operation_matches_its_schema(app, make):
    round_ = make.round(slug="labour-2026")
    published = make.submission(round_, make.organisation("Seafarers Union", group=StakeholderGroup.TRADE_UNION))
    make.submission(round_, make.organisation("Quiet Collective"), consent=Consent.ANONYMOUS)
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    concluded = make.closed_round()
    recommendation = make.outcome(concluded, publish=True).recommendations[0]  # no participant: no email
    db.session.commit()
    known = {"slug": round_.slug, "reference": published.reference, "recommendation_id": recommendation.id}
    for operation in operations:
        # Real values first, so that the documented 200 responses are checked too ...
        names = [p.name for p in operation.path_parameters]
        response = operation.Case(path_parameters={n: known[n] for n in names}).call_and_validate()
        assert response.status_code in (200, 403), operation.label

        # ... then whatever schemathesis makes up.
        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # A search query or filter can be well-formed for the schema and still unreadable
            # ("*x", a session that does not exist): a documented 400, not a failure.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
