"""The API is strict with credentials (RFC 6750): a request that carries an Authorization
header the API cannot accept (another scheme, an unknown, revoked or expired token, a
token of a deactivated user) is answered 401 with a problem document and
`WWW-Authenticate`, on reads too, instead of being served as if it were anonymous. Wagtail's
BearerTokenAuth alone falls back to anonymous on public reads."""

import datetime

from django.conf import settings
from django.utils import timezone
from wagtail.api.v3.errors import problem_response
from wagtail.models import APIToken

REALM = 'Bearer realm="api"'


def _unauthorized(detail: str, error: str = ""):
    response = problem_response(status=401, detail=detail)
    response["WWW-Authenticate"] = f'{REALM}, error="{error}"' if error else REALM
    return response


def _expired(token: APIToken) -> bool:
    days = settings.API_TOKEN_MAX_AGE_DAYS
    return bool(days) and token.created < timezone.now() - datetime.timedelta(days=days)


def credentials_problem(request):
    """A 401 response when the request's credentials are not acceptable, else None."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return _unauthorized("Send an API token as Authorization: Bearer <token>")
    found = None
    if APIToken.validate_token_format(token):
        found = (
            APIToken.objects.select_related("user")
            .filter(key_hash__in=APIToken.candidate_key_hashes(token))
            .first()
        )
    if found is None or not found.user.is_active:
        return _unauthorized("The token is not valid", "invalid_token")
    if found.revoked_at is not None:
        return _unauthorized("The token has been revoked", "invalid_token")
    if _expired(found):
        return _unauthorized("The token has expired", "invalid_token")
    return None
