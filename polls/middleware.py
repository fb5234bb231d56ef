from django.utils.cache import add_never_cache_headers


class PrivatePollStateMiddleware:
    """A page that showed a visitor their own poll state (the message after voting) is
    marked private so no shared cache keeps it; every other page stays cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "shows_private_poll_state", False):
            add_never_cache_headers(response)
        return response
