"""Wagtail's database search backend with a faster compiler on each database.

SQLite: the stock compiler ranks each matching page with a correlated subquery that runs
the full-text match again, so a word on 3,500 of 10,000 pages took over a minute; here the
score (FTS5's bm25, with the same title weighting) is computed once per match, the base
queryset's filters are applied as a subquery, a title match weighs more, and only the
requested slice of ids leaves the database.

PostgreSQL: the stock compiler selects the matched document of every result as a column;
here it stays a filter only, matched through the GIN index of migration search 0002.

On both, `scored` gives every match of a query with its score in one pass: search
(`search.matches`) takes the type counts, the facets and the order of the results from it
instead of matching again for each."""

from modelsearch.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    backend = database_backend(params)
    vendor = type(backend).__name__
    if vendor == "SQLiteSearchBackend":
        from .sqlite_ranking import RankedSQLiteQueryCompiler

        backend.query_compiler_class = RankedSQLiteQueryCompiler
    elif vendor == "PostgresSearchBackend":
        from .postgres_matching import LeanPostgresQueryCompiler

        backend.query_compiler_class = LeanPostgresQueryCompiler
    return backend
