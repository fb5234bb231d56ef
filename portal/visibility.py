"""May this visitor see this page, document or image? The one rule every surface asks.

A page is visible when it is live, its expiry time (if any) has not passed, and every view
restriction on it or on an ancestor (login, shared password, groups) accepts the visitor,
exactly as Wagtail decides at the page's own address. A document is visible when every
restriction on its collection or a parent collection accepts the visitor. Images are public
by design (they carry no restriction in Wagtail and are served by the proxy).

The rule has two forms: `pages(queryset)` / `documents(queryset)` filter many items in the
database, `can_see_page(page)` / `can_see_document(document)` answer for one. Both work from
the same small list of restrictions, read once per request (one query, plus one for the
visitor's groups when a group restriction exists and the visitor is signed in).

Model methods cannot be handed the request by every caller (templates, API fields, feeds,
the newsletter task), so `VisibilityMiddleware` makes the current request's visitor
available to `current()`. Outside a request (a background task building a newsletter, a
management command) the visitor is anonymous.
"""

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from portal.frame_generation import remember

_request: ContextVar = ContextVar("visibility_request", default=None)
_NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class _Restriction:
    pk: int
    kind: str
    path: str
    group_ids: frozenset


def _restrictions(model, path_field) -> list[_Restriction]:
    """Every restriction with its groups, in one query (one row per restriction and group),
    remembered under the frame's generation, which every change of a restriction renews."""
    return remember(f"restrictions:{model.__name__}", lambda: _read(model, path_field))


def _read(model, path_field) -> list[_Restriction]:
    rows = model.objects.values_list("pk", "restriction_type", path_field, "groups__id")
    by_pk: dict[int, tuple] = {}
    for pk, kind, path, group_id in rows:
        _kind, _path, groups = by_pk.setdefault(pk, (kind, path, set()))
        if group_id is not None:
            groups.add(group_id)
    return [_Restriction(pk, k, p, frozenset(g)) for pk, (k, p, g) in by_pk.items()]


class Visitor:
    """One visitor's view of the site: a user (possibly anonymous) and the shared passwords
    they have entered in this session."""

    def __init__(self, user=None, session=None):
        self.user = user or AnonymousUser()
        self.session = session if session is not None else {}

    # What this visitor may not see --------------------------------------------------
    @cached_property
    def page_restrictions(self) -> list[_Restriction]:
        return _restrictions(PageViewRestriction, "page__path")

    @cached_property
    def hidden_page_paths(self) -> list[str]:
        return self._hidden(self.page_restrictions, PageViewRestriction)

    @cached_property
    def hidden_collection_paths(self) -> list[str]:
        return self._hidden(
            _restrictions(CollectionViewRestriction, "collection__path"), CollectionViewRestriction
        )

    def _hidden(self, restrictions, model) -> list[str]:
        passed = set(self.session.get(model.passed_view_restrictions_session_key, []))
        return [r.path for r in restrictions if not self._accepts(r, passed)]

    @cached_property
    def _group_ids(self) -> frozenset:
        return frozenset(self.user.groups.values_list("pk", flat=True))

    def _accepts(self, restriction: _Restriction, passed: set) -> bool:
        """Wagtail's BaseViewRestriction.accept_request, without a query per restriction."""
        if restriction.kind == BaseViewRestriction.PASSWORD:
            return restriction.pk in passed
        if restriction.kind == BaseViewRestriction.LOGIN:
            return self.user.is_authenticated
        if restriction.kind == BaseViewRestriction.GROUPS:
            if not self.user.is_authenticated:
                return False
            return self.user.is_superuser or bool(restriction.group_ids & self._group_ids)
        return True

    # Pages -----------------------------------------------------------------------------
    def pages(self, queryset):
        """The pages of `queryset` this visitor may see: live, not expired, not restricted."""
        return queryset.filter(live=True).filter(_not_expired_q()).exclude(self._hidden_pages_q())

    def search_pages(self, queryset):
        """The same for a search queryset: search backends filter only on indexed fields
        (`live`, `path`, `id`), so expired pages are excluded by id."""
        now = timezone.now()
        expired = [pk for pk, expire_at in _expiring_pages() if expire_at <= now]
        queryset = queryset.filter(live=True).exclude(self._hidden_pages_q())
        return queryset.exclude(pk__in=expired) if expired else queryset

    def _hidden_pages_q(self) -> Q:
        q = Q()
        for path in self.hidden_page_paths:
            q |= Q(path__startswith=path)
        return q or _NOTHING

    def fingerprint(self) -> str:
        """Changes when what this visitor may not see changes: part of the ETag of anything
        built from many pages (feeds, calendars)."""
        return "|".join(sorted(self.hidden_page_paths))

    @cached_property
    def view_key(self) -> str:
        """The fingerprint, short: the key under which visitors with the same restrictions
        share what is remembered for them (the frame, sections, related pages)."""
        return hashlib.blake2b(self.fingerprint().encode(), digest_size=8).hexdigest()

    def can_see_page(self, page) -> bool:
        if page is None or not page.live or _expired(page):
            return False
        return not any(page.path.startswith(path) for path in self.hidden_page_paths)

    def view_restrictions(self, page):
        """The restrictions on the page and its ancestors, as Wagtail's
        `Page.get_view_restrictions` gives them, from the list already read: no query when
        none applies (the usual case), one for the restrictions themselves otherwise."""
        pks = [r.pk for r in self.page_restrictions if page.path.startswith(r.path)]
        if not pks:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=pks)

    # Documents ---------------------------------------------------------------------------
    def documents(self, queryset):
        q = Q()
        for path in self.hidden_collection_paths:
            q |= Q(collection__path__startswith=path)
        return queryset.exclude(q) if q else queryset

    def can_see_document(self, document) -> bool:
        if document is None:
            return False
        if not self.hidden_collection_paths:
            return True
        path = document.collection.path
        return not any(path.startswith(hidden) for hidden in self.hidden_collection_paths)


class SharedRestrictionsMixin:
    """Mix into a page type: serving the page checks its view restrictions from the list
    the rule reads once per request instead of two more queries (ancestors, restrictions)."""

    def get_view_restrictions(self):
        if self.alias_of_id:
            return super().get_view_restrictions()
        return current().view_restrictions(self)


def _expiring_pages() -> list[tuple[int, object]]:
    """The live pages that have an expiry time, with it. Remembered under the site's
    generation: which pages have one changes only when a page is saved, published or
    unpublished, each of which renews it; which of them have expired is asked of the clock
    on each request."""
    return remember(
        "expiring-pages",
        lambda: list(
            Page.objects.filter(live=True, expire_at__isnull=False)
            .order_by()
            .values_list("pk", "expire_at")
        ),
    )


def _not_expired_q() -> Q:
    return Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())


def _expired(page) -> bool:
    return page.expire_at is not None and page.expire_at <= timezone.now()


def for_request(request) -> Visitor:
    """The request's visitor, built once per request."""
    visitor = getattr(request, "_portal_visitor", None)
    if visitor is None:
        visitor = Visitor(getattr(request, "user", None), getattr(request, "session", None))
        request._portal_visitor = visitor
    return visitor


def current() -> Visitor:
    """The visitor of the request being answered, or an anonymous one outside requests."""
    request = _request.get()
    return for_request(request) if request is not None else Visitor()


# The two forms, for the current visitor --------------------------------------------------
def pages(queryset):
    return current().pages(queryset)


def search_pages(queryset):
    return current().search_pages(queryset)


def can_see_page(page) -> bool:
    return current().can_see_page(page)


def fingerprint() -> str:
    return current().fingerprint()


def documents(queryset):
    return current().documents(queryset)


def can_see_document(document) -> bool:
    return current().can_see_document(document)


class VisibilityMiddleware:
    """Makes the request's visitor the one `current()` answers for (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
