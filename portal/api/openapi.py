"""The OpenAPI document tells the truth about the API as the portal serves it: public reading
needs no credentials (an empty security requirement, not a made-up scheme), every
operation lists the problem responses the portal's HTTP rules give, and parameters are as
strict as the server (the largest `limit`, enumerated locales)."""

from django.conf import settings
from wagtail.api.v3.errors import PROBLEM_JSON

from .http import SAFE_METHODS

ANONYMOUS_SCHEME = "AllowAnonymous"
PROBLEM_SCHEMA = {
    "type": "object",
    "title": "Problem",
    "description": "An RFC 7807 problem document",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"anyOf": [{"type": "array", "items": {"type": "object"}}, {"type": "null"}]},
    },
    "required": ["type", "title", "status"],
}
# What the HTTP rules (portal.api.http) and Wagtail's error handlers answer on any operation.
EVERY_OPERATION = {
    "400": "The request cannot be answered as it stands (e.g. a limit above the maximum)",
    "401": "The Authorization header carries no acceptable bearer token",
    "404": "Not found, or not visible to this caller",
    "422": "A parameter or the body does not validate",
}
WRITES = {
    "403": "The token's user may not do this, or the Origin is not allowed",
    "413": "The request body is too large",
    "429": "Too many write requests; see Retry-After",
}


def _problem(description: str) -> dict:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _public_reading(operation: dict):
    security = operation.get("security")
    if security and {ANONYMOUS_SCHEME: []} in security:
        operation["security"] = [{}] + [s for s in security if s != {ANONYMOUS_SCHEME: []}]


def _documented_problems(method: str, operation: dict):
    responses = operation.setdefault("responses", {})
    statuses = EVERY_OPERATION | ({} if method.upper() in SAFE_METHODS else WRITES)
    for status, description in statuses.items():
        responses.setdefault(status, _problem(description))


# Rules between parameters that a parameter's schema cannot say (Wagtail's list endpoints
# answer 422 when they are broken); clients, and the schemathesis run, keep to them.
EXCLUSIVE_PARAMETERS = {
    "child_of": "Cannot be combined with descendant_of.",
    "descendant_of": "Cannot be combined with child_of.",
    "order": "order=random cannot be combined with an offset.",
}


def _strict_parameters(operation: dict):
    languages = [code for code, _name in settings.LANGUAGES]
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter["in"] != "query":
            continue
        if note := EXCLUSIVE_PARAMETERS.get(parameter["name"]):
            parameter["description"] = f"{parameter.get('description', '')} {note}".strip()
        if parameter["name"] == "limit" and schema.get("type") == "integer":
            schema["maximum"] = settings.WAGTAILAPI_LIMIT_MAX
        if parameter["name"] == "locale" and "anyOf" in schema:
            schema["anyOf"] = [{"type": "string", "enum": languages}, {"type": "null"}]
        elif parameter["name"] == "locale" and schema.get("type") == "string":
            schema["enum"] = languages


def truthful(document: dict) -> dict:
    schemes = document.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS_SCHEME, None)
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            _public_reading(operation)
            _documented_problems(method, operation)
            _strict_parameters(operation)
    return document


def tell_the_truth(api):
    generate = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        return truthful(generate(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema
