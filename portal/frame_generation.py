"""The generation of what every page is built from besides itself (the page frame, the
bulletin sections, the site and the locales, the view restrictions), and a memo of such
things in this process.

The generation is a random token in the shared cache. `site_frame`'s signal receivers renew
it whenever publishing, moving, deleting, a view restriction, a setting, a site or a locale
changes what these show, and a cleared cache starts a new one. A request reads it once
(`GenerationMiddleware`). Whatever was remembered in this process under the same generation
is reused, so an ordinary request reads nothing else for its frame, neither from the cache
nor from the database; the first request after a change builds it again.
"""

import secrets
from contextvars import ContextVar

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Site

GENERATION_KEY = "site-frame:generation"
# A memo bounded as a safety net: its keys are sites, languages and visitors' views.
MAX_REMEMBERED = 1000

_request_generation: ContextVar[str | None] = ContextVar("frame_generation", default=None)
_remembered: tuple[str | None, dict] = (None, {})


def _shared_generation() -> str:
    return cache.get_or_set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def generation() -> str:
    return _request_generation.get() or _shared_generation()


def _renew():
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def invalidate(**kwargs):
    """Start a new generation (signal receiver; also callable directly): at once, and again
    when the transaction commits, so that a request that read the old rows between the two
    does not keep them under the new generation."""
    _renew()
    _request_generation.set(None)
    transaction.on_commit(_renew)


def _values() -> dict:
    """This process's memo for the current generation (a new one when it changed)."""
    global _remembered
    current = generation()
    remembered_generation, values = _remembered
    if remembered_generation != current or len(values) >= MAX_REMEMBERED:
        values = {}
        _remembered = (current, values)
    return values


def forget():
    """Drop this process's memo (the tests: each test's database starts from its own content,
    while the cache that holds the generation may outlive it)."""
    global _remembered
    _remembered = (None, {})


def recall(key: str):
    """What was stored under `key` in this generation, or None."""
    return _values().get(key)


def store(key: str, value):
    _values()[key] = value


def remember(key: str, build):
    """`build()`, kept in this process until the generation changes."""
    values = _values()
    try:
        return values[key]
    except KeyError:
        value = values[key] = build()
        return value


def find_for_request(request):
    """Wagtail's `Site.find_for_request` (a query per request) answered from the memo, and
    the site root paths (a cache read per page URL) with it: Wagtail reads both from these
    request attributes. Only a request that asks for its site pays for the lookup, so one
    that reaches no page (an API error, a static file) touches no database."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        try:
            host, port = split_domain_port(request.get_host())[0], request.get_port()
        except DisallowedHost:  # Django answers 400 where it reads the host
            request._wagtail_site = Site._find_for_request(request)
        else:
            request._wagtail_site = remember(
                f"site:{host}:{port}", lambda: Site._find_for_request(request)
            )
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = remember(
            "site-root-paths", Site.get_site_root_paths
        )
    return request._wagtail_site


def install():
    """Every site lookup, Wagtail's own included (routing, URLs, settings, the API), goes
    through the memo."""
    Site.find_for_request = staticmethod(find_for_request)


class GenerationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generation.set(_shared_generation())
        try:
            return self.get_response(request)
        finally:
            _request_generation.reset(token)
