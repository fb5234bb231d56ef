"""A cache for anonymous visitors inside the portal: a page rendered for a visitor without
cookies is kept in the default cache and served to the next one without touching the
database. Publishing, unpublishing, moving or deleting a page, or editing the footer or
the organisation's settings, starts a new generation so that no stale page is served.

Only GET/HEAD requests without any cookie are served from or stored in the cache, and only
200 responses that set no cookie and are not marked private or no-store. With several
server processes the cache must be shared (REDIS_URL) for invalidation to reach all of them;
with the local-memory default each process keeps its copies for at most PAGE_CACHE_SECONDS.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "page-cache:generation"
STATUS_HEADER = "X-Portal-Cache"
_UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


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
        key = f"page-cache:{_generation()}:{request.get_host()}:{request.get_full_path()}"
        response = cache.get(key)
        if response is not None:
            response[STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and self._cacheable_response(response):
            patch_cache_control(
                response, public=True, max_age=60, s_maxage=settings.FRONTEND_CACHE_SECONDS
            )
            cache.set(key, response, seconds)
        response[STATUS_HEADER] = "miss"
        return response

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
