"""The SQLite compiler of `search.database` (imported only on SQLite: its models exist
only there)."""

from django.db.models import Case, CharField, F, FloatField, Func, IntegerField, Value, When
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class TitleWeightedBM25(Func):
    """FTS5's bm25 over the columns (autocomplete, body, title): a title word weighs ten
    times a body word."""

    template = f"bm25({SQLiteFTSIndexEntry._meta.db_table}, 0.0, 1.0, 10.0)"
    output_field = FloatField()


class RankedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    def _matched(self, config):
        """The index entries matching the query among the queryset's pages."""
        model = self.queryset.model
        keys = self.queryset.order_by().annotate(_key=Cast("pk", CharField())).values("_key")
        return SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS,
                self.build_search_query(normalize(self.query), config=config),
            )
        ).filter(
            index_entry__content_type__in=get_descendants_content_types_pks(model),
            index_entry__object_id__in=keys,
        )

    def scored(self, config, ranked=True, among=None):
        """Every match as (match_id, score, tie): higher is better, as `search` orders; the
        score is 0 unless `ranked` (an order by date needs none) and, given `among`, for
        pages of other content types (they are only counted)."""
        score = -TitleWeightedBM25() if ranked else Value(0.0)
        if ranked and among:
            # The index entry's content type is the page's own (pages are indexed as such).
            score = Case(When(index_entry__content_type__in=among, then=score), default=Value(0.0))
        return self._matched(config).values(
            match_id=Cast("index_entry__object_id", IntegerField()),
            score=score,
            tie=F("index_entry_id"),
        )

    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if (
            not self.order_by_relevance
            or score_field is not None
            or stop is None
            or isinstance(query, (MatchAll, Not))
        ):
            return super().search(config, start, stop, score_field)
        model = self.queryset.model
        ranked = (
            self._matched(config)
            .annotate(score=TitleWeightedBM25())
            .order_by("score", "-index_entry_id")
            .values_list("index_entry__object_id", flat=True)[start:stop]
        )
        ids = [model._meta.pk.to_python(key) for key in ranked]
        if not ids:
            return self.queryset.none()
        position = Case(
            *(When(pk=pk, then=Value(number)) for number, pk in enumerate(ids)),
            output_field=IntegerField(),
        )
        return self.queryset.filter(pk__in=ids).order_by(position)
