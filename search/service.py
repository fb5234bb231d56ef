"""Search over every live, public page type that follows the search contract, in one
language: filters, counts per content type, sorting, paging, the best-matching section and
a highlighted snippet per result. The HTML view and the JSON API both call `run_search`."""

import datetime
import logging
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from elastic_transport import TransportError
from elasticsearch import ApiError
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.query import And, Or, Phrase, PlainText
from wagtail.search.utils import normalise_query_string

from portal import visibility

from .highlight import best_section, snippet
from .mixins import SearchablePageMixin
from .models import PageFacet
from .query import ParsedQuery, parse_query

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
MAX_PAGE = 1000
# Elasticsearch results are not a database subquery: facet counts come from the first hits.
FACET_SAMPLE = 1000
SORTS = ("relevance", "date")
# What a search service that is down or overloaded raises (the database backends raise
# nothing of the kind: their failures are real bugs and should surface).
SERVICE_ERRORS = (TransportError, ApiError)


class SearchUnavailable(Exception):
    """The search service cannot answer now; the caller says so with HTTP 503."""


class InvalidParameter(ValueError):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


@cache
def searchable_types() -> dict[str, ContentType]:
    """Every concrete page model that inherits the search contract, keyed 'app_label.model'."""
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, SearchablePageMixin) and issubclass(model, Page)
    ]
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


def backend_query(parsed: ParsedQuery, operator: str):
    words = [PlainText(word) for word in parsed.keys]
    phrases = [Phrase(" ".join(phrase)) for phrase in parsed.phrases]
    if operator == "or":
        return Or(words + phrases) if len(words) + len(phrases) > 1 else words[0]
    parts = words + phrases
    return And(parts) if len(parts) > 1 else parts[0]


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
    parsed = parse_query(params.q, locale.language_code)
    outcome = SearchOutcome(query=parsed, params=params)
    if params.within:
        within = Page.objects.filter(pk=params.within, locale=locale)
        outcome.within_page = visibility.pages(within).first()
        if outcome.within_page is None:
            raise InvalidParameter("within", _("There is no such page to search within."))
    if not parsed:
        return outcome
    outcome.promotions = promotions_for(parsed, locale) if params.page == 1 else []
    queryset = base_queryset(locale, params, outcome.within_page)
    known = searchable_types()
    selected = [known[key].pk for key in params.types]
    try:
        matches = queryset.search(backend_query(parsed, "and"), order_by_relevance=False)
        counts = matches.facet("content_type_id")
        if not counts and len(parsed.keys) + len(parsed.phrases) > 1:
            outcome.any_word = True
            matches = queryset.search(backend_query(parsed, "or"), order_by_relevance=False)
            counts = matches.facet("content_type_id")
        outcome.facet_options = facet_options(matches, params) if counts else {}
        query = backend_query(parsed, "or" if outcome.any_word else "and")
        if selected:
            queryset = queryset.filter(content_type__in=selected)
        results = _search(queryset, query, params.sort)
        paginator = Paginator(results, PAGE_SIZE)
        # The counts per type already hold the total: spare the backend a count query.
        paginator.count = sum(n for ct, n in counts.items() if not selected or ct in selected)
        outcome.page_obj = paginator.get_page(params.page)
        outcome.total = paginator.count
        found = list(outcome.page_obj.object_list)
    except SERVICE_ERRORS as error:
        logger.warning("Search service unavailable: %s", error)
        raise SearchUnavailable from error
    by_key = {ct.pk: key for key, ct in known.items()}
    outcome.type_counts = sorted(
        (
            TypeCount(by_key[ct_id], type_label(known[by_key[ct_id]]), count, ct_id in selected)
            for ct_id, count in counts.items()
            if ct_id in by_key
        ),
        key=lambda item: (-item.count, item.label),
    )
    outcome.hits = build_hits(found, parsed, request)
    return outcome


def facet_options(matches, params: SearchParams) -> dict[str, list[FacetOption]]:
    """Topic/audience values of the matching pages (whatever their type) with counts."""
    if hasattr(matches, "get_queryset"):  # the database backends: one grouped query
        page_ids = matches.get_queryset().order_by().values("pk")
    else:
        page_ids = [page.pk for page in matches[:FACET_SAMPLE]]
    counts = PageFacet.counts(page_ids)
    for name, value in params.facets.items():
        counts.setdefault(name, {}).setdefault(value, 0)
    return {
        name: [
            FacetOption(value, count, params.facets.get(name) == value)
            for value, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))
        ]
        for name, values in sorted(counts.items())
    }


def build_hits(found: list[Page], parsed: ParsedQuery, request=None) -> list[Hit]:
    """Turn result pages into hits: one query per content type for the specific pages."""
    specific = Page.objects.filter(pk__in=[page.pk for page in found]).specific().in_bulk()
    hits = []
    language, keys = parsed.language, parsed.all_keys
    for found_page in found:
        page = specific.get(found_page.pk)
        if page is None:
            continue
        section = best_section(page.search_sections(), keys, language)
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
