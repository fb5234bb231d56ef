"""Queries and render time of handbook and standards pages, small against large.

Run: python benchmarks/handbook_pages.py   (builds its own throw-away test database)
"""

import statistics
import time

from throwaway import start_django, throwaway_database

start_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Site  # noqa: E402

from handbook.models import ChapterPage  # noqa: E402
from tests.handbook.factories import (  # noqa: E402
    clause_stream,
    make_book,
    make_document,
    make_library,
)

RUNS = 5


def measure(client, url):
    client.get(url)
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return len(queries), statistics.median(timings), len(response.content)


def main():
    with throwaway_database():
        home = Site.objects.get(is_default_site=True).root_page
        small_book = make_book(home, slug="small", chapters=3, sections=3)
        large_book = make_book(home, slug="large", chapters=12, sections=300)
        library = make_library(home)
        for code, count in (("S", 6), ("L", 500)):
            make_document(library, slug=f"{code}-1", code=code, clauses=clause_stream(count))
            make_document(
                library,
                slug=f"{code}-2",
                code=code,
                version_label="2.0",
                clauses=clause_stream(count, text="Clause text {n}, amended."),
            )
        pages = [
            ("book contents", "3 ch. x 3 sections", small_book.url),
            ("book contents", "12 ch. x 300 sections", large_book.url),
            ("whole book", "3 ch. x 3 sections", small_book.url + "all/"),
            ("whole book", "12 ch. x 300 sections", large_book.url + "all/"),
            ("chapter", "3 sections", ChapterPage.objects.child_of(small_book).first().url),
            ("chapter", "300 sections", ChapterPage.objects.child_of(large_book).first().url),
            ("document", "6 clauses", "/bg/library/S-2/"),
            ("document", "500 clauses", "/bg/library/L-2/"),
            ("comparison", "6 clauses", "/bg/library/S-2/compare/?with=1.0"),
            ("comparison", "500 clauses", "/bg/library/L-2/compare/?with=1.0"),
            ("library listing", "4 documents", library.url),
        ]
        client = Client()
        print(f"{'page':<16} {'size':<22} {'queries':>7} {'median ms':>10} {'KiB':>7}")
        for kind, size, url in pages:
            count, ms, length = measure(client, url)
            print(f"{kind:<16} {size:<22} {count:>7} {ms:>10.1f} {length / 1024:>7.0f}")


if __name__ == "__main__":
    main()
