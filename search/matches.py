"""The pages a query matches, as one set per query: how many of each content type, their
topic/audience labels and, on the database backends, what orders them.

On the database backends one query per set gives every matched page with its content type,
its publication date, its relevance score and its labels (the pages joined to them), so that
the full-text match is evaluated once for the counts, the facets and the order of the
results; only the pages of the requested slice are loaded afterwards. A search service
counts with its own aggregation, gives the labels of its first FACET_SAMPLE hits and orders
the results itself (`order` is None)."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from wagtail.models import Page

from .models import PageFacet

# Elasticsearch results are not a database subquery: facet counts come from the first hits.
FACET_SAMPLE = 1000


@dataclass
class MatchSet:
    counts: dict[int, int]  # content type id → pages
    types: dict[int, int]  # page id → content type id
    labels: list[tuple[str, str]]  # (name, value), once per labelled page
    # page id → (score, tie-breaker, first publication), higher first; None on a service.
    order: dict[int, tuple] | None = None

    def count(self, selected: set[int]) -> int:
        return sum(n for ct, n in self.counts.items() if not selected or ct in selected)

    def ids(self, selected: set[int]) -> list[int]:
        return [pk for pk, ct in self.types.items() if not selected or ct in selected]

    def ranked(self, selected: set[int], sort: str) -> list[int]:
        """The ids in `selected` types, most relevant or newest first (as the backends order
        them: ties by the backend's own tie-breaker, or the newer id for a date)."""
        order = self.order
        if sort == "date":
            return sorted(
                self.ids(selected),
                key=lambda pk: (order[pk][2] is not None, order[pk][2], pk),
                reverse=True,
            )
        return sorted(self.ids(selected), key=lambda pk: order[pk][:2], reverse=True)


class PagesInOrder:
    """Page ids in result order, sliced like search results: only a slice's pages load,
    as rows with what ranking and hits read (pk, title, content type, first publication),
    not as page objects."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def __getitem__(self, index: slice) -> list:
        ids = self.ids[index]
        rows = Page.objects.filter(pk__in=ids).values_list(
            "pk", "title", "content_type_id", "first_published_at", named=True
        )
        by_id = {row.pk: row for row in rows}
        return [by_id[pk] for pk in ids if pk in by_id]


def match_set(queryset, query, ranked: bool = True) -> MatchSet:
    """The pages of `queryset` that `query` matches; relevance scores only if `ranked`."""
    results = queryset.search(query)
    compiler = results.query_compiler
    if not hasattr(compiler, "scored"):  # a search service
        types = {page.pk: page.content_type_id for page in results[:FACET_SAMPLE]}
        labels = list(
            PageFacet.objects.filter(page_id__in=list(types)).values_list("name", "value")
        )
        return MatchSet(results.facet("content_type_id"), types, labels)
    types, labels, order = _scored_rows(
        compiler.scored(compiler.get_config(results.backend), ranked)
    )
    return MatchSet(dict(Counter(types.values())), types, labels, order)


def _scored_rows(scored):
    """Run the compiler's `scored` queryset (match_id, score, tie) joined to the pages (type,
    date) and to their labels, in one query."""
    types: dict[int, int] = {}
    labels: list[tuple[str, str]] = []
    order: dict[int, tuple] = {}
    try:
        sql, params = scored.query.sql_with_params()
    except EmptyResultSet:  # e.g. a label filter no page has
        return types, labels, order
    connection = connections[scored.db]
    page, label = (connection.ops.quote_name(model._meta.db_table) for model in (Page, PageFacet))
    # Only SQL that Django compiled and quoted names: the values stay parameters.
    joined = (
        "SELECT m.match_id, m.score, m.tie, p.content_type_id, p.first_published_at,"  # noqa: S608
        f" f.name, f.value FROM ({sql}) m JOIN {page} p ON p.id = m.match_id"
        f" LEFT JOIN {label} f ON f.page_id = m.match_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(joined, params)
        for pk, score, tie, content_type_id, published, name, value in cursor.fetchall():
            types[pk] = content_type_id
            # The date as the database gives it: only compared with the others.
            order[pk] = (score, tie, published)
            if name is not None:
                labels.append((name, value))
    return types, labels, order
