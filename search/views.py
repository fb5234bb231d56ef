from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from portal import visibility

from .models import PageFacet, QueryStat
from .normalise import tokens
from .query import clean_text
from .service import (
    InvalidParameter,
    SearchParams,
    SearchUnavailable,
    run_search,
    service_errors,
)

AUTOCOMPLETE_LIMIT = 8
# What SearchParams.from_data reads, except the page number.
FILTER_PARAMETERS = ("q", "type", "date_from", "date_to", "sort", "within", *PageFacet.NAMES)


def _noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


def current_locale() -> Locale:
    return Locale.objects.get_for_language(get_language())


@require_GET
def search(request):
    """The search page: /<lang>/search/?q=… with filters, sorting and pages."""
    locale = current_locale()
    context = {"query_text": clean_text(request.GET.get("q", "")), "locale": locale}
    status = 200
    try:
        params = SearchParams.from_data(request.GET)
        outcome = run_search(params, locale, request)
    except InvalidParameter as error:
        context["error"] = error.message
        status = 400
    except SearchUnavailable:
        context["unavailable"] = True
        status = 503
    else:
        context.update(outcome=outcome, params=params, filter_query=_filter_query(request))
        if outcome.query and params.page == 1:
            QueryStat.record(locale.language_code, outcome.query.text, outcome.total)
    response = render(request, "search/search_results.html", context, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return _noindex(response)


def _filter_query(request) -> str:
    """The search's own parameters without the page number, for pagination links (only
    these are read: the page cache varies by the parameters a page reads)."""
    data = QueryDict(mutable=True)
    for name in FILTER_PARAMETERS:
        if values := request.GET.getlist(name):
            data.setlist(name, values)
    return data.urlencode()


@require_GET
def autocomplete(request):
    """Up to eight page titles that complete what has been typed, as JSON."""
    locale = current_locale()
    words = " ".join(tokens(clean_text(request.GET.get("q", "")))[:6])
    suggestions = []
    if len(words) >= 2:
        try:
            pages = visibility.search_pages(Page.objects.filter(locale=locale)).autocomplete(words)[
                :AUTOCOMPLETE_LIMIT
            ]
            suggestions = [{"title": page.title, "url": page.get_url(request)} for page in pages]
        except service_errors():
            return _noindex(JsonResponse({"suggestions": []}, status=503))
    return _noindex(JsonResponse({"suggestions": suggestions}))
