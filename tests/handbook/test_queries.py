"""Pages render with the same number of queries however long the content is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from handbook.models import ChapterPage

from .factories import clause_stream, make_book, make_document, make_library

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_chapter_queries_do_not_grow_with_sections(client, bg_home):
    small = make_book(bg_home, slug="small", chapters=2, sections=3)
    large = make_book(bg_home, slug="large", chapters=2, sections=300)
    small_chapter = ChapterPage.objects.child_of(small).first()
    large_chapter = ChapterPage.objects.child_of(large).first()
    assert len(large_chapter.sections()) == 300
    assert queries(client, small_chapter.url) == queries(client, large_chapter.url)


def test_book_pages_queries_do_not_grow_with_chapters_or_sections(client, bg_home):
    small = make_book(bg_home, slug="small", chapters=2, sections=3)
    large = make_book(bg_home, slug="large", chapters=12, sections=300)
    assert queries(client, small.url) == queries(client, large.url)
    assert queries(client, small.url + "all/") == queries(client, large.url + "all/")


def test_document_queries_do_not_grow_with_clauses(client, bg_home):
    library = make_library(bg_home)
    small = make_document(library, slug="small", code="A", clauses=clause_stream(6))
    large = make_document(library, slug="large", code="B", clauses=clause_stream(500))
    assert queries(client, small.url) == queries(client, large.url)


def test_comparison_queries_do_not_grow_with_clauses(client, bg_home):
    library = make_library(bg_home)
    for code, count in (("A", 6), ("B", 500)):
        make_document(library, slug=f"{code}-1", code=code, clauses=clause_stream(count))
        make_document(
            library, slug=f"{code}-2", code=code, version_label="2.0", clauses=clause_stream(count)
        )
    assert queries(client, "/bg/library/A-2/compare/?with=1.0") == queries(
        client, "/bg/library/B-2/compare/?with=1.0"
    )
