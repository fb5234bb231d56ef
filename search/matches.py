"""The pages a query matches, as one set per query: how many of each content type, their
topic/audience labels and, on the database backends, their order.

On the database backends one query per set gives every matched page, in result order
(relevance or date), with its content type and its labels (the pages joined to them), so
that the full-text match is evaluated once for the counts, the facets and the order of the
results; only the pages of the requested slice are loaded afterwards. A search service
counts with its own aggregation, gives the labels of its first FACET_SAMPLE hits and orders
the results itself."""

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
    types: dict[int, int]  # page id → content type id, in result order on the database
    labels: list[tuple[str, str]]  # (name, value), once per labelled page
    in_order: bool = False  # False: a search service, which orders its results itself

    def count(self, selected: set[int]) -> int:
        return sum(n for ct, n in self.counts.items() if not selected or ct in selected)

    def ids(self, selected: set[int]) -> list[int]:
        return [pk for pk, ct in self.types.items() if not selected or ct in selected]


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


def match_set(
    queryset, query, sort: str = "relevance", selected: frozenset[int] | set[int] = frozenset()
) -> MatchSet:
    """The pages of `queryset` that `query` matches, ordered by `sort` on the database (the
    order of the pages of the `selected` content types, when some are)."""
    results = queryset.search(query)
    compiler = results.query_compiler
    if not hasattr(compiler, "scored"):  # a search service
        types = {page.pk: page.content_type_id for page in results[:FACET_SAMPLE]}
        labels = list(
            PageFacet.objects.filter(page_id__in=list(types)).values_list("name", "value")
        )
        return MatchSet(results.facet("content_type_id"), types, labels)
    ranked = sort == "relevance"
    scored = compiler.scored(compiler.get_config(results.backend), ranked, selected)
    types, labels = _scored_rows(scored, ranked)
    return MatchSet(dict(Counter(types.values())), types, labels, in_order=True)


def _scored_rows(scored, ranked: bool) -> tuple[dict[int, int], list[tuple[str, str]]]:
    """Run the compiler's `scored` queryset (match_id, score, tie) joined to the pages and
    to their labels, in one query, in the order the backend's own search gives: by score,
    or by first publication (newest first). Sorting there spares converting every date."""
    types: dict[int, int] = {}
    labels: list[tuple[str, str]] = []
    try:
        sql, params = scored.query.sql_with_params()
    except EmptyResultSet:  # e.g. a label filter no page has
        return types, labels
    connection = connections[scored.db]
    page, label = (connection.ops.quote_name(model._meta.db_table) for model in (Page, PageFacet))
    order = "m.score DESC, m.tie DESC" if ranked else "p.first_published_at DESC, m.match_id DESC"
    # Only SQL that Django compiled and quoted names: the values stay parameters.
    joined = (
        f"SELECT m.match_id, p.content_type_id, f.name, f.value FROM ({sql}) m"  # noqa: S608
        f" JOIN {page} p ON p.id = m.match_id LEFT JOIN {label} f ON f.page_id = m.match_id"
        f" ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(joined, params)
        for pk, content_type_id, name, value in cursor.fetchall():
            types[pk] = content_type_id
            if name is not None:
                labels.append((name, value))
    return types, labels
