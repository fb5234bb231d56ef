"""Wagtail's Elasticsearch 9 backend with Bulgarian and English analysis.

Every searchable page also sends its text as written into a per-language field,
`_text_bg` (Elasticsearch's `bulgarian` analyzer) or `_text_en` (`english`), next to the
normalised `search_text` that all backends share. Queries run over `_all_text` and both
language fields, so Elasticsearch's own stemming adds to the portal's normalisation;
pages are filtered by locale, so a Bulgarian query only meets Bulgarian pages.

Select it with BACKEND "search.elasticsearch" (settings do so when ELASTICSEARCH_URL is set).
"""

from copy import deepcopy

from modelsearch.backends.elasticsearchbase import Field
from modelsearch.utils import deep_update
from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
    Elasticsearch9SearchResults,
)

from .mixins import SearchablePageMixin

LANGUAGE_ANALYZERS = {"bg": "portal_bulgarian", "en": "portal_english"}
INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "portal_bulgarian": {"type": "bulgarian"},
                "portal_english": {"type": "english"},
            }
        }
    }
}
# Terms aggregations (the counts per content type) return 10 buckets unless told more.
FACET_SIZE = 100


def language_field(language: str) -> str:
    return f"_text_{language}"


class LanguageMapping(Elasticsearch9Mapping):
    def get_mapping(self):
        mapping = super().get_mapping()
        for language, analyzer in LANGUAGE_ANALYZERS.items():
            mapping["properties"][language_field(language)] = {"type": "text", "analyzer": analyzer}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        if isinstance(obj, SearchablePageMixin) and obj.search_language in LANGUAGE_ANALYZERS:
            document[language_field(obj.search_language)] = obj.search_plain_text()
        return document


class LanguageQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = LanguageMapping

    def _remap_fields(self, fields):
        remapped = super()._remap_fields(fields)
        if not fields:
            remapped.extend(Field(language_field(language)) for language in LANGUAGE_ANALYZERS)
        return remapped


class LanguageAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = LanguageMapping


class LanguageSearchResults(Elasticsearch9SearchResults):
    def _backend_do_search(self, body, **kwargs):
        for aggregation in body.get("aggregations", {}).values():
            aggregation.get("terms", {}).setdefault("size", FACET_SIZE)
        return super()._backend_do_search(body, **kwargs)


class LanguageSearchBackend(Elasticsearch9SearchBackend):
    mapping_class = LanguageMapping
    query_compiler_class = LanguageQueryCompiler
    autocomplete_query_compiler_class = LanguageAutocompleteQueryCompiler
    results_class = LanguageSearchResults
    settings = deep_update(deepcopy(Elasticsearch9SearchBackend.settings), INDEX_SETTINGS)


SearchBackend = LanguageSearchBackend
