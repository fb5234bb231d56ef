"""Search over every live, public page type that follows the search contract, in one
language: filters, counts per content type, sorting, paging, the best-matching section and
a highlighted snippet per result. The HTML view and the JSON API both call `run_search`."""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.query import And, Or, Phrase, PlainText
from wagtail.search.utils import normalise_query_string

from portal import visibility
from portal.frame_generation import remember

from .highlight import best_section, snippet
from .matches import MatchSet, PagesInOrder, match_set
from .mixins import SearchablePageMixin
from .models import PageFacet, SearchSynonym
from .query import OTHER_LANGUAGE, Concept, ParsedQuery, parse_query, synonym_keys
from .ranking import RankedResults
from .vocabulary import vocabulary

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
MAX_PAGE = 1000
SORTS = ("relevance", "date")
# Fewer results than this in the visitor's language: show matches in the other language.
FEW_RESULTS = 3
FALLBACK_SIZE = 5
# This many pages with every word: the pages with only some of them are not listed.
ENOUGH = 100


def service_errors() -> tuple[type[Exception], ...]:
    """What a search service that is down or overloaded raises. The database backends raise
    nothing of the kind (their failures are real bugs and should surface), and a process
    that searches its database never imports the Elasticsearch client."""
    if "elasticsearch" not in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]:
        return ()
    from elastic_transport import TransportError
    from elasticsearch import ApiError

    return (TransportError, ApiError)


class SearchUnavailable(Exception):
    """The search service cannot answer now; the caller says so with HTTP 503."""


class InvalidParameter(ValueError):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


@cache
def searchable_models() -> list:
    """Every concrete page model that inherits the search contract."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, SearchablePageMixin) and issubclass(model, Page)
    ]


def searchable_types() -> dict[str, ContentType]:
    """The searchable page models, keyed 'app_label.model'."""
    models = searchable_models()
    content_types = ContentType.objects.get_for_models(*models)
    return {model._meta.label_lower: content_types[model] for model in models}


def type_label(content_type: ContentType) -> str:
    page_model = content_type.model_class()
    label = page_model.search_result_type
    return str(capfirst(page_model._meta.verbose_name) if isinstance(label, property) else label)


@dataclass
class SearchParams:
    q: str = ""
    types: list[str] = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"
    page: int = 1
    within: int | None = None
    facets: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data) -> "SearchParams":
        """Read parameters from a QueryDict; raise InvalidParameter on a value that is wrong
        (an empty value means "not given")."""
        params = cls(q=data.get("q", ""))
        known = searchable_types()
        params.types = [value for value in data.getlist("type") if value]
        for value in params.types:
            if value not in known:
                raise InvalidParameter("type", _("Unknown content type: %s") % value[:50])
        for name in ("date_from", "date_to"):
            value = data.get(name, "")
            if value:
                try:
                    setattr(params, name, datetime.date.fromisoformat(value))
                except ValueError:
                    raise InvalidParameter(name, _("Enter a date as YYYY-MM-DD.")) from None
        params.sort = data.get("sort") or "relevance"
        if params.sort not in SORTS:
            raise InvalidParameter("sort", _("Sort by relevance or by date."))
        for name, lowest in (("page", 1), ("within", 1)):
            value = data.get(name, "")
            if value:
                if not value.isdigit() or len(value) > 12 or int(value) < lowest:
                    raise InvalidParameter(name, _("Enter a positive whole number."))
                setattr(params, name, int(value))
        params.page = min(params.page, MAX_PAGE)
        for name in PageFacet.NAMES:
            if data.get(name):
                params.facets[name] = data.get(name)[:100]
        return params


@dataclass
class Hit:
    page: Page
    type_label: str
    url: str
    snippet: str
    date: datetime.date | None
    section_heading: str = ""


@dataclass
class TypeCount:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetOption:
    value: str
    count: int
    selected: bool


@dataclass
class SearchOutcome:
    query: ParsedQuery
    params: SearchParams
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page_obj: object = None
    type_counts: list[TypeCount] = field(default_factory=list)
    facet_options: dict[str, list[FacetOption]] = field(default_factory=dict)
    promotions: list[SearchPromotion] = field(default_factory=list)
    within_page: Page | None = None
    any_word: bool = False
    all_words_total: int = 0
    # "Did you mean": a corrected query, offered when the query as typed found something.
    suggestion: str = ""
    # The query as typed, when it found nothing and the corrected query was searched.
    corrected_from: str = ""
    other_language: str = ""
    other_language_hits: list[Hit] = field(default_factory=list)


def _concept_query(concept: Concept):
    alternatives = [
        PlainText(parts[0]) if len(parts) == 1 else And([PlainText(part) for part in parts])
        for parts in concept.alternatives
    ]
    return alternatives[0] if len(alternatives) == 1 else Or(alternatives)


def backend_query(parsed: ParsedQuery, operator: str):
    parts = [_concept_query(concept) for concept in parsed.concepts]
    parts += [Phrase(" ".join(phrase)) for phrase in parsed.phrases]
    if len(parts) == 1:
        return parts[0]
    return Or(parts) if operator == "or" else And(parts)


def synonym_groups(language: str) -> list[list[tuple[str, ...]]]:
    """The editors' synonyms in `language`, each group as key sequences, remembered under
    the site's generation (which saving or deleting a synonym renews, see apps.py)."""
    return remember(f"synonym-groups:{language}", lambda: _read_synonym_groups(language))


def _read_synonym_groups(language: str) -> list[list[tuple[str, ...]]]:
    groups = []
    for synonym in SearchSynonym.objects.filter(locale__language_code=language):
        group = [synonym_keys(member, language) for member in synonym.members()]
        group = list(dict.fromkeys(keys for keys in group if keys))
        if len(group) > 1:
            groups.append(group)
    return groups


def understand(text: str, language: str) -> ParsedQuery:
    """Parse a query with everything the index and the editors know (see search.query)."""
    return parse_query(text, language, vocabulary, synonym_groups(language))


def _aware(day: datetime.date, end: bool = False) -> datetime.datetime:
    moment = datetime.time.max if end else datetime.time.min
    return timezone.make_aware(datetime.datetime.combine(day, moment))


def base_queryset(locale, params: SearchParams, within_page: Page | None = None):
    queryset = visibility.search_pages(
        Page.objects.filter(
            locale=locale, content_type__in=[ct.pk for ct in searchable_types().values()]
        )
    )
    if within_page is not None:
        queryset = queryset.filter(path__startswith=within_page.path)
    if params.date_from:
        queryset = queryset.filter(first_published_at__gte=_aware(params.date_from))
    if params.date_to:
        queryset = queryset.filter(first_published_at__lte=_aware(params.date_to, end=True))
    for name, value in params.facets.items():
        queryset = queryset.filter(
            id__in=list(
                PageFacet.objects.filter(name=name, value=value).values_list("page_id", flat=True)
            )
        )
    return queryset


def _search(queryset, query, sort):
    if sort == "date":
        return queryset.order_by("-first_published_at", "-id").search(
            query, order_by_relevance=False
        )
    return queryset.search(query)


def promotions_for(parsed: ParsedQuery, locale) -> list[SearchPromotion]:
    if not parsed.text:
        return []
    return [
        promotion
        for promotion in SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(parsed.text)
        )
        .select_related("page")
        .order_by("sort_order")
        if promotion.page is None
        or (visibility.can_see_page(promotion.page) and promotion.page.locale_id == locale.pk)
    ]


def run_search(params: SearchParams, locale, request=None) -> SearchOutcome:
    parsed = understand(params.q, locale.language_code)
    outcome = SearchOutcome(query=parsed, params=params)
    if params.within:
        within = Page.objects.filter(pk=params.within, locale=locale)
        outcome.within_page = visibility.pages(within).first()
        if outcome.within_page is None:
            raise InvalidParameter("within", _("There is no such page to search within."))
    if not parsed:
        return outcome
    outcome.promotions = promotions_for(parsed, locale) if params.page == 1 else []
    try:
        found = _match(outcome, locale, request)
        corrected = parsed.corrected_text()
        if corrected and not outcome.total:
            # Nothing for what was typed: search the corrected words instead, and say so.
            outcome.corrected_from = parsed.text
            outcome.query = understand(corrected, locale.language_code)
            found = _match(outcome, locale, request)
        elif corrected:
            outcome.suggestion = corrected
        if outcome.total < FEW_RESULTS and params.page == 1 and not params.within:
            _other_language(outcome, request)
    except service_errors() as error:
        logger.warning("Search service unavailable: %s", error)
        raise SearchUnavailable from error
    outcome.hits = build_hits(found, outcome.query, request)
    return outcome


def _match(outcome: SearchOutcome, locale, request) -> list:
    """Count, facet and fetch the requested page of results for `outcome.query`."""
    parsed, params = outcome.query, outcome.params
    queryset = base_queryset(locale, params, outcome.within_page)
    known = searchable_types()
    selected = {known[key].pk for key in params.types}
    all_words = match_set(queryset, backend_query(parsed, "and"), params.sort, selected)
    matches = all_words
    # Pages with some of the words follow those with all of them; when enough pages have
    # them all, nobody reads that far, and counting the rest would cost most of the time.
    if len(parsed.concepts) + len(parsed.phrases) > 1 and all_words.count(selected) < ENOUGH:
        matches = match_set(queryset, backend_query(parsed, "or"), params.sort, selected)
    outcome.any_word = not all_words.counts and bool(matches.counts)
    outcome.facet_options = facet_options(matches, params) if matches.counts else {}
    all_count, total = all_words.count(selected), matches.count(selected)
    if all_words.in_order:
        first = PagesInOrder(all_words.ids(selected))

        def some_words():
            return PagesInOrder([pk for pk in matches.ids(selected) if pk not in all_words.types])
    else:  # a search service orders its results itself
        if selected:
            queryset = queryset.filter(content_type__in=selected)
        first = _search(queryset, backend_query(parsed, "and"), params.sort)

        def some_words():
            # Fewer than ENOUGH pages have every word (or this is never called): their ids
            # spare the service matching the all-words query again inside this one.
            return _search(
                queryset.exclude(pk__in=all_words.ids(selected)),
                backend_query(parsed, "or"),
                params.sort,
            )

    results = RankedResults(
        first, all_count, some_words, total, parsed if params.sort == "relevance" else None
    )
    paginator = Paginator(results, PAGE_SIZE)
    outcome.page_obj = paginator.get_page(params.page)
    outcome.total, outcome.all_words_total = total, all_count
    by_key = {ct.pk: key for key, ct in known.items()}
    outcome.type_counts = sorted(
        (
            TypeCount(by_key[ct_id], type_label(known[by_key[ct_id]]), count, ct_id in selected)
            for ct_id, count in matches.counts.items()
            if ct_id in by_key
        ),
        key=lambda item: (-item.count, item.label),
    )
    return list(outcome.page_obj.object_list)


def _other_language(outcome: SearchOutcome, request) -> None:
    """Few results here: show the best matches among the other language's pages, labelled."""
    language = OTHER_LANGUAGE.get(outcome.query.language)
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return
    parsed = understand(outcome.query.text, language)
    if not parsed:
        return
    queryset = base_queryset(locale, SearchParams())
    found = list(queryset.search(backend_query(parsed, "or"))[:FALLBACK_SIZE])
    outcome.other_language = language
    outcome.other_language_hits = build_hits(found, parsed, request)


def facet_options(matches: MatchSet, params: SearchParams) -> dict[str, list[FacetOption]]:
    """Topic/audience values of the matching pages (whatever their type) with counts."""
    counts: dict[str, dict[str, int]] = {}
    for (name, value), count in Counter(matches.labels).items():
        counts.setdefault(name, {})[value] = count
    for name, value in params.facets.items():
        counts.setdefault(name, {}).setdefault(value, 0)
    return {
        name: [
            FacetOption(value, count, params.facets.get(name) == value)
            for value, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))
        ]
        for name, values in sorted(counts.items())
    }


def build_hits(found: list, parsed: ParsedQuery, request=None) -> list[Hit]:
    """Turn results (pages, or rows with their pk) into hits: one query per content type
    for the specific pages."""
    specific = Page.objects.filter(pk__in=[page.pk for page in found]).specific().in_bulk()
    hits = []
    language, keys = parsed.language, parsed.all_keys
    for found_page in found:
        page = specific.get(found_page.pk)
        if page is None:
            continue
        section = best_section(page.search_sections(), parsed)
        url = page.get_url(request) or ""
        text = page.search_summary()
        if section is not None:
            text = f"{section.heading}. {section.text}" if section.heading else section.text
            if section.anchor:
                url = f"{url}#{section.anchor}"
        hits.append(
            Hit(
                page=page,
                type_label=str(page.search_result_type),
                url=url,
                snippet=snippet(text, keys, language),
                date=page.search_result_date(),
                section_heading=section.heading if section is not None else "",
            )
        )
    return hits
