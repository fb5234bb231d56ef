"""HTTP rules for everything under settings.API_PATH_PREFIX, whichever router answers:
no cookies, CORS from settings, body size and write rate limits, conditional GETs with
ETag/Last-Modified, and RFC 7807 problem responses for every error."""

import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils.http import http_date
from wagtail.api.v3.errors import PROBLEM_JSON, problem_response

from portal.client_identity import client_address, count_hit, rotating_hash

from .credentials import credentials_problem

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Location, Retry-After"
# Integers in the path or query beyond this are refused before they reach a database.
MAX_INTEGER = 2**63 - 1


def allowed_origins(request) -> set[str]:
    """The portal's own origins and the ones the operator lists; never a wildcard. Its own
    are the public address and the address this request came to (its host is one of
    ALLOWED_HOSTS), as Django's CSRF check has it: a page opened at another of the portal's
    addresses calls the API from that origin."""
    own = {settings.PUBLIC_BASE_URL, f"{request.scheme}://{request.get_host()}"}
    return (own | {o.rstrip("/") for o in settings.API_CORS_ORIGINS}) - {"*"}


def client_key(request) -> str:
    """A keyed hash of the client's address (or of its token): the raw value is never
    stored."""
    credential = request.headers.get("Authorization", "")
    return rotating_hash("api-rate", f"{client_address(request)}|{credential}")[:32]


def _parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def rate_limited(request) -> int:
    """Counts this write in a fixed window; returns the seconds to wait when over the limit."""
    rate = settings.API_TOKEN_WRITE_RATE if "Authorization" in request.headers else None
    count, window = _parse_rate(rate or settings.API_WRITE_RATE)
    now = int(time.time())
    window_start = now - now % window
    key = f"api-rate:{client_key(request)}:{window_start}"
    used = count_hit(key, window + 1)
    return window_start + window - now if used > count else 0


def _too_large(value: str) -> bool:
    digits = value.strip().lstrip("+-")
    if not (digits.isascii() and digits.isdigit()):
        return False
    return len(digits) > len(str(MAX_INTEGER)) or int(digits) > MAX_INTEGER


def _as_problem(response):
    """Wraps errors that did not come from the API's own handlers (Django's 404, Ninja's 405,
    a proxy's 413) in a problem document, keeping their detail."""
    detail = ""
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            detail = str(json.loads(response.content).get("detail", ""))
        except (ValueError, AttributeError):
            detail = ""
    problem = problem_response(status=response.status_code, detail=detail)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            problem[header] = response[header]
    return problem


class APIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(settings.API_PATH_PREFIX):
            return self.get_response(request)
        origin = request.headers.get("Origin", "").rstrip("/")
        origin_allowed = not origin or origin in allowed_origins(request)
        response = self._refuse(request, origin_allowed) or self._answer(request)
        if origin and origin_allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response["Vary"] = "Origin, Authorization, Accept-Language"
        return response

    def _refuse(self, request, origin_allowed):
        """Answers requests that must not reach a view."""
        if request.method == "OPTIONS":
            if not origin_allowed:
                return problem_response(status=403, detail="Origin not allowed")
            return _preflight()
        writing = request.method not in SAFE_METHODS
        if writing and not origin_allowed:
            return problem_response(status=403, detail="Origin not allowed")
        if writing and self._too_big(request):
            return problem_response(
                status=413,
                detail=f"The request body must be at most {settings.API_MAX_BODY_BYTES} bytes",
            )
        if problem := credentials_problem(request):
            return problem
        if writing and (wait := rate_limited(request)):
            response = problem_response(status=429, detail="Too many write requests")
            response["Retry-After"] = str(wait)
            return response
        if any(_too_large(segment) for segment in request.path.split("/")):
            return problem_response(status=404, detail="Not found")
        for name, values in request.GET.lists():
            if any(_too_large(value) for value in values):
                return problem_response(status=422, detail=f"{name} is out of range")
        languages = [code for code, _name in settings.LANGUAGES]
        if any(value not in languages for value in request.GET.getlist("locale")):
            return problem_response(
                status=422, detail=f"locale must be one of: {', '.join(languages)}"
            )
        return None

    @staticmethod
    def _too_big(request) -> bool:
        """Django reads no more than Content-Length, so the declared length is the size."""
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0) > settings.API_MAX_BODY_BYTES
        except ValueError:
            return True

    def _answer(self, request):
        # Bearer tokens are the only credentials: cookies (sessions, passwords entered for
        # restricted pages) never reach the API. Only cookies that grant nothing pass, such
        # as the signed record of the polls a browser has voted in.
        request.COOKIES = {
            name: value
            for name, value in request.COOKIES.items()
            if name in settings.API_PASS_THROUGH_COOKIES
        }
        request.META.pop("HTTP_COOKIE", None)
        anonymous_read = (
            request.method in {"GET", "HEAD"} and "Authorization" not in request.headers
        )
        response = self.get_response(request)
        if response.status_code >= 400 and response.get("Content-Type") != PROBLEM_JSON:
            response = _as_problem(response)
        if anonymous_read and response.status_code == 200 and not response.streaming:
            return _with_validators(request, response)
        response["Cache-Control"] = "private, no-store"
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(settings.API_PATH_PREFIX):
            return None
        if isinstance(exception, Http404):
            # Django-ninja's default home view at the API root raises Http404.
            return problem_response(status=404, detail="Not found")
        logger.exception("API error on %s %s", request.method, request.path)
        return problem_response(status=500, detail="Internal error; it has been logged")


def _preflight():
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = "600"
    return response


def _first_seen(request, etag: str) -> int:
    """Last-Modified is when this exact representation was first served. Without a shared
    cache a process that has not seen it yet says "now", which only costs a full response."""
    key = "api-seen:" + hashlib.sha256(f"{request.get_full_path()}|{etag}".encode()).hexdigest()
    return cache.get_or_set(key, int(time.time()), timeout=7 * 24 * 3600)


def _with_validators(request, response):
    """ETag and Last-Modified; portal/conditional_get.py answers conditional requests."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(_first_seen(request, etag))
    if "private" not in response.get("Cache-Control", ""):
        # A response that depends on the caller (e.g. whether it has voted) stays private.
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    return response


class APILocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 from the API stays a 404 instead of
    becoming a redirect to /bg/api/…."""

    def process_response(self, request, response):
        if request.path.startswith(settings.API_PATH_PREFIX):
            return response
        return super().process_response(request, response)
