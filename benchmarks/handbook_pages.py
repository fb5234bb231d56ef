"""Queries and response time of handbook and standards pages, small against large, through
Django's test client in this process (no HTTP, no server; the page cache is off).

Run: python benchmarks/handbook_pages.py   (builds its own throw-away test database)

For each page, labelled with its URL: the queries of a request after a first one (a running
server has its caches warm), and over RUNS further requests the median, with the spread
(min–max), of the wall-clock and of the CPU milliseconds (this process, which holds SQLite,
so the CPU time is the page's whole cost); the load average is printed beside them.
"""

import time

from measured import load_average, spread
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
    wall, cpu = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - cpu_started) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return len(queries), spread(wall, 1), spread(cpu, 1), len(response.content)


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
        print(f"median of {RUNS} requests (min–max); {load_average()}")
        print(f"{'page':<16} {'size':<22} {'queries':>7} {'ms':>20} {'CPU ms':>20} {'KiB':>5}  URL")
        for kind, size, url in pages:
            count, wall, cpu, length = measure(client, url)
            print(
                f"{kind:<16} {size:<22} {count:>7} {wall:>20} {cpu:>20} {length / 1024:>5.0f}  {url}"
            )
        print(load_average())


if __name__ == "__main__":
    main()
