from django.middleware import locale


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that a 404 from the API stays a 404: Django would otherwise redirect
    it to /bg/api/…, because Wagtail's catch-all route matches any prefixed path."""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)
