"""The portal's one conditional GET (RFC 9110), for every response: pages, feeds, calendars,
documents and the API. It sits outside the page cache, so a page served from the cache
answers If-None-Match / If-Modified-Since exactly as a freshly rendered one does.

Django's ConditionalGetMiddleware gives every response that may be stored (no `no-store`)
an ETag from its body unless the view set a cheaper one, and answers 304 when the request's
validators match. Views only set validators (ETag, Last-Modified); none evaluates them."""

from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware

# A 304 keeps these headers of the full response too (Django keeps the caching ones), so
# that a cross-origin reader of the API can use it.
KEPT_ON_NOT_MODIFIED = (
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "X-Portal-Cache",
)


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    def process_response(self, request, response):
        answer = super().process_response(request, response)
        if answer is not response:
            for header in KEPT_ON_NOT_MODIFIED:
                if header in response:
                    answer[header] = response[header]
        return answer
