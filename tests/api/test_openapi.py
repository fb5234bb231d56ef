"""The OpenAPI document is valid and every operation in it, exercised with generated
requests (a short, deterministic property-based run), never answers with a 500 or a
response that contradicts the document."""

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from .conftest import API


# Loaded once at collection: producing the document touches no database.
schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation(case, pages):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
