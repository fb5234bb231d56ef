"""A cache for anonymous visitors inside the portal: a page rendered for a visitor without
cookies is kept in the default cache and served to the next one without touching the
database. Publishing, unpublishing, moving or deleting a page, or editing the footer or
the organisation's settings, starts a new generation so that no stale page is served.

Only GET/HEAD requests without any cookie are served from or stored in the cache, and only
200 responses that set no cookie and are not marked private or no-store. With several
server processes the cache must be shared (REDIS_URL) for invalidation to reach all of them;
with the local-memory default each process keeps its copies for at most PAGE_CACHE_SECONDS.

A page varies only by the query parameters it reads. The cache learns them per path (the
request's GET is a QueryDict that records what the view asked for), and keys entries by
those parameters alone: `?page=2` of a listing or `?q=` of the search are their own
entries, while `?_=123`, `utm_source=…` or any parameter the page never reads neither adds
an entry nor evicts one; they are served the page they would have rendered. A view that
reads all parameters (iterates, copies or counts them) varies by the whole query string.
Conditional requests are answered outside this cache (portal/conditional_get.py).
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from django.utils.cache import patch_cache_control
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "page-cache:generation"
STATUS_HEADER = "X-Portal-Cache"
_UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
EVERY_PARAMETER = "*"


def _reading_all(method):
    def reading_all(self, *args, **kwargs):
        self._record(EVERY_PARAMETER)
        return method(self, *args, **kwargs)

    return reading_all


class RecordingQueryDict(QueryDict):
    """request.GET that remembers which parameters were read: names, or EVERY_PARAMETER
    when the caller looked at all of them (or at whether there are any)."""

    def _record(self, name):
        self.__dict__.setdefault("read", set()).add(name)

    def __getitem__(self, key):
        self._record(key)
        return super().__getitem__(key)

    def _getlist(self, key, *args, **kwargs):
        self._record(key)
        return super()._getlist(key, *args, **kwargs)

    def __contains__(self, key):
        self._record(key)
        return super().__contains__(key)

    __iter__ = _reading_all(QueryDict.__iter__)
    __len__ = _reading_all(QueryDict.__len__)
    keys = _reading_all(QueryDict.keys)
    items = _reading_all(QueryDict.items)
    lists = _reading_all(QueryDict.lists)
    values = _reading_all(QueryDict.values)
    dict = _reading_all(QueryDict.dict)
    copy = _reading_all(QueryDict.copy)
    urlencode = _reading_all(QueryDict.urlencode)


def _read_parameters(request) -> set:
    return request.GET.__dict__.get("read", set())


def _learn(known, read: set):
    """What a page read so far, with what it read this time."""
    if EVERY_PARAMETER in read or known == EVERY_PARAMETER:
        return EVERY_PARAMETER
    return frozenset(known or ()) | read


def invalidate(**kwargs):
    """Forget every cached page (signal receiver; also callable directly)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def _generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def _is_page(sender):
    return isinstance(sender, type) and issubclass(sender, Page)


def _invalidate_on_page_delete(sender, **kwargs):
    if _is_page(sender):
        invalidate()


def connect_signals():
    page_published.connect(invalidate, dispatch_uid="page-cache-published")
    page_unpublished.connect(invalidate, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="page-cache-moved")
    post_delete.connect(_invalidate_on_page_delete, dispatch_uid="page-cache-deleted")
    from .models import FooterText, OrganisationSettings

    for model in (FooterText, OrganisationSettings):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{model.__name__}")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        generation = _generation()
        place = f"page-cache:{generation}:{request.get_host()}:{request.path}"
        known = cache.get(f"{place}:reads")
        if known is not None:
            response = cache.get(self._key(place, request, known))
            if response is not None:
                response[STATUS_HEADER] = "hit"
                return response
        query = request.GET
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""))
        response = self.get_response(request)
        if request.method == "GET" and self._cacheable_response(response):
            patch_cache_control(
                response, public=True, max_age=60, s_maxage=settings.FRONTEND_CACHE_SECONDS
            )
            reads = _learn(known, _read_parameters(request))
            cache.set(f"{place}:reads", reads, seconds)
            cache.set(self._key(place, request, reads, query), response, seconds)
        response[STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def _key(place, request, reads, query=None):
        """The entry for the values of the parameters the page reads."""
        query = query if query is not None else request.GET
        if reads == EVERY_PARAMETER:
            return f"{place}?{request.META.get('QUERY_STRING', '')}"
        used = QueryDict(mutable=True)
        for name in sorted(reads):
            used.setlist(name, query.getlist(name))
        return f"{place}?{used.urlencode()}"

    @staticmethod
    def _cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and not request.META.get("HTTP_COOKIE")
            and not request.META.get("HTTP_AUTHORIZATION")
            and not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))
        )

    @staticmethod
    def _cacheable_response(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        vary = response.get("Vary", "")
        return not any(d in cache_control for d in _UNCACHEABLE_DIRECTIVES) and not (
            "*" in vary or "accept-language" in vary.lower()
        )
