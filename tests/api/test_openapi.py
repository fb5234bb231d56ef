"""The OpenAPI document is valid and every operation in it, exercised with generated
requests (a short, deterministic property-based run), never answers with a 500 or a
response that contradicts the document."""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, assume, settings
from openapi_spec_validator import validate
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from .conftest import API

WRITE_STATUSES = {"400", "401", "403", "404", "413", "422", "429"}

# Loaded once at collection: producing the document touches no database.
schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())


def _has_no_possible_value(parameter) -> bool:
    """Wagtail's snippet operations take the snippet type from an enum of the registered
    models; while no model qualifies (e.g. none keeps revisions) the enum is empty."""
    declared = parameter.get("schema", {})
    return declared.get("const") == "" or declared.get("enum") == []


unsatisfiable = [
    operation["operationId"]
    for path_item in schema.raw_schema["paths"].values()
    for operation in path_item.values()
    if any(_has_no_possible_value(p) for p in operation.get("parameters", []) if p["in"] == "path")
]
if unsatisfiable:
    schema = schema.exclude(operation_id=unsatisfiable)


# Not yet as strict as the server (a known gap, in the README): these accept parameters whose
# validity depends on the content, which a schema cannot enumerate: `order` names any field
# of the page, document or image type (an unknown or empty one is a 422), `ancestor_of`
# and `within` must name an existing page (422 or 400). Every other check still runs on them.
VALUES_CHECKED_AGAINST_CONTENT = {
    f"GET {API}/pages/",
    f"GET {API}/redirects/",
    f"GET {API}/documents/",
    f"GET {API}/images/",
    f"GET {API}/search/",
}


def keeps_the_rules_between_parameters(query) -> bool:
    """The rules that the document states in words (Wagtail answers 422 otherwise)."""
    query = query or {}
    if query.get("child_of") is not None and query.get("descendant_of") is not None:
        return False
    return not (query.get("order") == "random" and query.get("offset"))


@pytest.fixture
def keep_connection(db):
    """The WSGI app closes the database connection after each request, which would end the
    test's transaction; Django's own test client disconnects the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_document_describes_the_portals_api():
    document = schema.raw_schema
    assert document["openapi"].startswith("3.1")
    validate(document)
    assert {f"{API}/pages/", f"{API}/site/", f"{API}/site/find/"} <= set(document["paths"])


def test_public_reading_needs_no_credentials_and_writing_needs_a_token():
    document = schema.raw_schema
    assert set(document["components"]["securitySchemes"]) == {"BearerTokenAuth"}
    pages = document["paths"][f"{API}/pages/"]
    assert pages["get"]["security"] == [{}, {"BearerTokenAuth": []}]
    assert pages["post"]["security"] == [{"BearerTokenAuth": []}]


def test_every_status_the_api_answers_is_documented_as_a_problem():
    pages = schema.raw_schema["paths"][f"{API}/pages/"]
    for method, statuses in (("get", {"400", "401", "404", "422"}), ("post", WRITE_STATUSES)):
        responses = pages[method]["responses"]
        assert statuses <= set(responses), method
        for status in statuses:
            assert set(responses[status]["content"]) == {"application/problem+json"}


def test_parameters_are_as_strict_as_the_server(client, db):
    parameters = {
        p["name"]: p["schema"]
        for p in schema.raw_schema["paths"][f"{API}/pages/"]["get"]["parameters"]
    }
    assert parameters["limit"]["maximum"] == django_settings.WAGTAILAPI_LIMIT_MAX
    assert {"type": "string", "enum": ["bg", "en"]} in parameters["locale"]["anyOf"]
    assert "portal.ContentPage" in parameters["type"]["items"]["enum"]
    too_many = client.get(f"{API}/pages/?limit={django_settings.WAGTAILAPI_LIMIT_MAX + 1}")
    assert too_many.status_code == 400
    unknown_language = client.get(f"{API}/pages/?locale=fr")
    assert unknown_language.status_code == 422
    assert unknown_language["Content-Type"] == "application/problem+json"


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation(case, keep_connection, bg_home):
    assume(keeps_the_rules_between_parameters(case.query))
    load_all_checks()
    checks = CHECKS.get_all()
    if case.operation.label in VALUES_CHECKED_AGAINST_CONTENT:
        checks = [check for check in checks if check is not positive_data_acceptance]
    case.call_and_validate(checks=checks)
