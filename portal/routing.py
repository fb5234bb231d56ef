"""Page routing that starts from the cached home page of the active language
(portal.site_frame.localized_home) instead of looking it up on every request, and that
remembers where each path led. Wagtail's `serve` view takes the route from
`request._wagtail_route_for_request` when it is set, as its `Page.route_for_request`
documents.

Wagtail walks a path one level at a time, two queries a level (the child by its slug, then
its specific row). The page a path led to is remembered under the frame's generation, which
publishing, moving or deleting any page renews; a later request for the path loads that
page alone (one query) and lets it route what is left of the path (a routable page's own
sub-view, answered without a query). Only paths that found a page are remembered.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Site

from . import site_frame
from .frame_generation import recall, store


def _walk(request, home, components):
    try:
        return home.route(request, components)
    except Http404:
        return None


def _route_remembered(request, home, components):
    key = f"route:{home.pk}:{'/'.join(components)}"
    found = recall(key)
    if found is not None:
        content_type_id, pk = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model._default_manager.filter(pk=pk).first()
        if page is not None:
            try:
                return page.route(request, components[page.depth - home.depth :])
            except Http404:
                return None
    result = _walk(request, home, components)
    if result is not None:
        store(key, (result.page.content_type_id, result.page.pk))
    return result


def route(request, path: str):
    site = Site.find_for_request(request)
    if site is None:
        return  # Wagtail answers 404 itself
    components = [component for component in path.split("/") if component]
    home = site_frame.localized_home(site)
    if components:
        result = _route_remembered(request, home, components)
    else:
        result = _walk(request, home, components)
    request._wagtail_route_for_request = result


class CachedHomeRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve and not hasattr(request, "_wagtail_route_for_request"):
            route(request, view_kwargs.get("path", view_args[0] if view_args else ""))
        return None
