"""Page routing that starts from the cached home page of the active language
(portal.site_frame.localized_home) instead of looking it up on every request. Wagtail's
`serve` view takes the route from `request._wagtail_route_for_request` when it is set, as
its `Page.route_for_request` documents."""

from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Site

from . import site_frame


def route(request, path: str):
    site = Site.find_for_request(request)
    if site is None:
        return  # Wagtail answers 404 itself
    components = [component for component in path.split("/") if component]
    try:
        result = site_frame.localized_home(site).route(request, components)
    except Http404:
        result = None
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
