"""Wagtail's Elasticsearch 9 backend with Bulgarian and English analysis.

Every searchable page also sends its text as written into a per-language field,
`_text_bg` or `_text_en`, next to the normalised `search_text` that all backends share.
The language fields are analysed by Elasticsearch itself: lower case, the language's stop
words and stemmer, then ICU folding (the analysis-icu plugin: "ё" and "е", accents and
case variants meet); at query time a synonym filter, fed by the editors' `SearchSynonym`
snippets when the index is created, adds the equivalents. Queries run over `_all_text`
and both language fields with fuzziness (one or two edits, by word length), on top of the
query understanding every backend shares (search.query); pages are filtered by locale,
so a Bulgarian query only meets Bulgarian pages.

Select it with BACKEND "search.elasticsearch" (settings do so when ELASTICSEARCH_URL is set).
"""

from copy import deepcopy

from modelsearch.backends.elasticsearchbase import Field
from modelsearch.utils import deep_update
from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
    Elasticsearch9SearchResults,
)

from .mixins import SearchablePageMixin

LANGUAGE_ANALYZERS = {"bg": "portal_bulgarian", "en": "portal_english"}
LANGUAGE_FILTERS = {
    "bg": ["lowercase", "portal_bulgarian_stop", "portal_bulgarian_stemmer"],
    "en": [
        "portal_english_possessive",
        "lowercase",
        "portal_english_stop",
        "portal_english_stemmer",
    ],
}
TOKEN_FILTERS = {
    "portal_bulgarian_stop": {"type": "stop", "stopwords": "_bulgarian_"},
    "portal_bulgarian_stemmer": {"type": "stemmer", "language": "bulgarian"},
    "portal_english_possessive": {"type": "stemmer", "language": "possessive_english"},
    "portal_english_stop": {"type": "stop", "stopwords": "_english_"},
    "portal_english_stemmer": {"type": "stemmer", "language": "english"},
}
FUZZINESS = "AUTO"


def search_analyzer(language: str) -> str:
    return f"{LANGUAGE_ANALYZERS[language]}_search"


def analysis_settings(synonyms: dict[str, list[str]]) -> dict:
    """Index settings: per language an index analyzer and a search analyzer that also
    applies the synonym rules ("НМН, NRM, национален механизъм за насочване")."""
    analyzers, filters = {}, dict(TOKEN_FILTERS)
    for language, analyzer in LANGUAGE_ANALYZERS.items():
        chain = LANGUAGE_FILTERS[language]
        analyzers[analyzer] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [*chain, "icu_folding"],
        }
        search_chain = list(chain)
        if synonyms.get(language):
            name = f"portal_synonyms_{language}"
            filters[name] = {"type": "synonym_graph", "synonyms": synonyms[language]}
            search_chain.insert(chain.index("lowercase") + 1, name)
        analyzers[search_analyzer(language)] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [*search_chain, "icu_folding"],
        }
    return {"settings": {"analysis": {"analyzer": analyzers, "filter": filters}}}


def synonym_rules() -> dict[str, list[str]]:
    """The editors' synonyms as Elasticsearch rules, per language."""
    from .models import SearchSynonym  # models are not ready at import

    rules: dict[str, list[str]] = {}
    for synonym in SearchSynonym.objects.select_related("locale"):
        members = [member.replace(",", " ") for member in synonym.members()]
        if len(members) > 1:
            rules.setdefault(synonym.locale.language_code, []).append(", ".join(members))
    return rules


# Terms aggregations (the counts per content type) return 10 buckets unless told more.
FACET_SIZE = 100


def language_field(language: str) -> str:
    return f"_text_{language}"


class LanguageMapping(Elasticsearch9Mapping):
    def get_mapping(self):
        mapping = super().get_mapping()
        for language, analyzer in LANGUAGE_ANALYZERS.items():
            mapping["properties"][language_field(language)] = {
                "type": "text",
                "analyzer": analyzer,
                "search_analyzer": search_analyzer(language),
            }
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        if isinstance(obj, SearchablePageMixin) and obj.search_language in LANGUAGE_ANALYZERS:
            document[language_field(obj.search_language)] = obj.search_plain_text()
        return document


class LanguageQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = LanguageMapping

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        compiled = super()._compile_plaintext_query(query, fields, boost)
        match = compiled.get("multi_match") or next(iter(compiled["match"].values()))
        match.update(fuzziness=FUZZINESS, prefix_length=1)
        return compiled

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


class LanguageIndex(Elasticsearch9Index):
    def put(self):
        # The synonyms as the editors have them when the index is (re)built.
        self.backend.settings = deep_update(
            deepcopy(self.backend.settings), analysis_settings(synonym_rules())
        )
        super().put()


class LanguageSearchBackend(Elasticsearch9SearchBackend):
    index_class = LanguageIndex
    mapping_class = LanguageMapping
    query_compiler_class = LanguageQueryCompiler
    autocomplete_query_compiler_class = LanguageAutocompleteQueryCompiler
    results_class = LanguageSearchResults
    settings = deep_update(deepcopy(Elasticsearch9SearchBackend.settings), analysis_settings({}))


SearchBackend = LanguageSearchBackend
