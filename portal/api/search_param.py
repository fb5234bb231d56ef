"""The API's `?search=` (pages, documents, images, snippets) goes through the portal's own
query handling (search.query): control characters, quotes and operators are never passed
to the backend as syntax, so no input can make the search answer 500. Wagtail's
SearchSchema hands the raw string to the backend; this replaces that one step."""

from django.conf import settings
from modelsearch.query import PlainText
from wagtail.api.v3.schemas.params import SearchSchema
from wagtail.models import Page

from search.normalise import LANGUAGES, tokens
from search.query import OPERATORS, parse_query
from search.service import backend_query


def _query_for(raw: str, model, language: str, operator: str):
    """Pages are indexed by word keys (search.normalise); other models by their words."""
    parsed = parse_query(raw, language)
    if not parsed:
        return None
    if issubclass(model, Page):
        return backend_query(parsed, operator)
    words = [word for word in tokens(parsed.text) if word.upper() not in OPERATORS]
    return PlainText(" ".join(words), operator=operator) if words else None


def use_portal_query_handling():
    wagtail_search_queryset = SearchSchema.search_queryset

    def search_queryset(self, request, queryset):
        if self.search is None:
            return queryset
        locale = request.GET.get("locale", "")
        language = locale if locale in LANGUAGES else settings.LANGUAGE_CODE
        query = _query_for(self.search, queryset.model, language, self.search_operator or "and")
        if query is None:
            return queryset.none()
        return wagtail_search_queryset(self.model_copy(update={"search": query}), request, queryset)

    SearchSchema.search_queryset = search_queryset
