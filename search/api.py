"""GET /api/v3/search/: the search page as JSON, with the same parameters, filters and
highlighting (snippets are escaped HTML with <mark> around the matched words)."""

import datetime
from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema
from pydantic import WithJsonSchema
from wagtail.api.v3.errors import ProblemDetail, problem_response
from wagtail.models import Locale

from portal.public_urls import absolute_url

from .service import (
    SORTS,
    InvalidParameter,
    SearchParams,
    SearchUnavailable,
    run_search,
    searchable_models,
)

# What the OpenAPI document says of the parameters the search form shares with the site;
# the server checks them itself and answers 400 with the parameter's name.
LANGUAGE = {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]}
SORT = {"type": "string", "enum": list(SORTS)}
SEARCHABLE_TYPE = {
    "type": "string",
    "enum": sorted(model._meta.label_lower for model in searchable_models()),
}
DATE = {"type": "string", "anyOf": [{"format": "date"}, {"maxLength": 0}]}
POSITIVE_NUMBER = {"type": "string", "pattern": "^([1-9][0-9]{0,11})?$"}


class Documented:
    """`Documented[str, schema]`: a parameter read as `str`, described by `schema`."""

    def __class_getitem__(cls, params):
        annotation, schema = params
        return Annotated[annotation, WithJsonSchema(schema)]


router = Router(tags=["search"])
# `type` may repeat (?type=a&type=b); the parameters are declared for the OpenAPI schema
# and read from request.GET by the same code as the HTML page.
TYPES = Query([])


class TypeCountSchema(Schema):
    type: str
    label: str
    count: int
    selected: bool


class FacetCountSchema(Schema):
    value: str
    count: int
    selected: bool


class ResultSchema(Schema):
    id: int
    title: str
    type: str
    type_label: str
    url: str
    section: str
    snippet_html: str
    date: datetime.date | None


class PromotionSchema(Schema):
    title: str
    url: str
    description: str


class SearchResponseSchema(Schema):
    query: str
    language: str
    total: int
    page: int
    pages: int
    any_word: bool
    all_words_total: int
    counts: list[TypeCountSchema]
    facets: dict[str, list[FacetCountSchema]]
    results: list[ResultSchema]
    promotions: list[PromotionSchema]
    suggestion: str
    corrected_from: str
    other_language: str
    other_language_results: list[ResultSchema]


def _promotion(promotion) -> PromotionSchema:
    if promotion.page is not None:
        title, url = promotion.page.title, absolute_url(promotion.page.url or "")
    else:
        title, url = promotion.external_link_text, promotion.external_link_url
    return PromotionSchema(title=title, url=url, description=promotion.description)


def _result(hit) -> ResultSchema:
    return ResultSchema(
        id=hit.page.pk,
        title=hit.page.title,
        type=hit.page._meta.label_lower,
        type_label=hit.type_label,
        url=absolute_url(hit.url),
        section=hit.section_heading,
        snippet_html=str(hit.snippet),
        date=hit.date,
    )


@router.get(
    "/",
    response={
        200: SearchResponseSchema,
        400: ProblemDetail,
        503: ProblemDetail,
    },
    url_name="search",
    summary="Search pages in one language",
    operation_id="search",
)
def search(
    request: HttpRequest,
    q: str = "",
    lang: Documented[str, LANGUAGE] = "bg",
    type: list[Documented[str, SEARCHABLE_TYPE]] = TYPES,
    date_from: Documented[str, DATE] = "",
    date_to: Documented[str, DATE] = "",
    sort: Documented[str, SORT] = "relevance",
    page: Documented[str, POSITIVE_NUMBER] = "",
    within: Documented[str, POSITIVE_NUMBER] = "",
    topic: str = "",
    audience: str = "",
):
    locale = Locale.objects.filter(language_code=lang[:8]).first()
    if locale is None:
        return problem_response(status=400, detail="Unknown language.", errors=[{"loc": ["lang"]}])
    with translation.override(lang):
        try:
            params = SearchParams.from_data(request.GET)
            outcome = run_search(params, locale, request)
        except InvalidParameter as error:
            return problem_response(
                status=400, detail=str(error.message), errors=[{"loc": [error.name]}]
            )
        except SearchUnavailable:
            return problem_response(
                status=503, title="Service Unavailable", detail="Search is temporarily unavailable."
            )
    page_obj = outcome.page_obj
    return SearchResponseSchema(
        query=outcome.query.text,
        language=locale.language_code,
        total=outcome.total,
        page=page_obj.number if page_obj is not None else 1,
        pages=page_obj.paginator.num_pages if page_obj is not None else 0,
        any_word=outcome.any_word,
        all_words_total=outcome.all_words_total,
        counts=[
            TypeCountSchema(type=c.key, label=c.label, count=c.count, selected=c.selected)
            for c in outcome.type_counts
        ],
        facets={
            name: [FacetCountSchema(**vars(option)) for option in options]
            for name, options in outcome.facet_options.items()
        },
        results=[_result(hit) for hit in outcome.hits],
        promotions=[_promotion(promotion) for promotion in outcome.promotions],
        suggestion=outcome.suggestion,
        corrected_from=outcome.corrected_from,
        other_language=outcome.other_language,
        other_language_results=[_result(hit) for hit in outcome.other_language_hits],
    )
