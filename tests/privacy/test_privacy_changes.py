"""Privacy changes take effect at once, with the page cache on and a frontend cache (a real
HTTP server on 127.0.0.1 standing in for Varnish): restricting a page that anonymous
visitors already had cached, changing the restriction or lifting it, and restricting a
collection of documents."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from handbook.editions import PdfEdition
from handbook.models import ChapterPage
from portal.page_cache import STATUS_HEADER
from tests.handbook.factories import make_book, make_document, make_library, publish
from tests.portal.test_caching import PurgeRecorder
from tests.portal.test_caching import frontend_cache as frontend_cache
from tests.portal.test_caching import page_cache as page_cache

pytestmark = pytest.mark.django_db

TITLE = "Chapter about shelters"


@pytest.fixture
def site(bg_home):
    book = make_book(bg_home, slug="book", chapters=2)
    chapter = publish(ChapterPage(title=TITLE, slug="shelters", body=[]), book)
    library = make_library(bg_home)
    document = make_document(library)
    document.related_chapters.set([chapter])
    document.save_revision().publish()
    return book, chapter, document


def purged_paths():
    return {path for _host, path in PurgeRecorder.purged}


def anonymous_views(client, *pages):
    return {page.url: client.get(page.url) for page in pages}


@pytest.mark.usefixtures("page_cache")
def test_restricting_a_cached_page_hides_it_at_once_everywhere(
    client, site, frontend_cache, django_capture_on_commit_callbacks
):
    book, chapter, document = site
    client.get("/bg/")  # creates the site's settings, which starts a new cache generation
    anonymous_views(client, book, chapter, document)
    cached = anonymous_views(client, book, chapter, document)
    assert {url: r[STATUS_HEADER] for url, r in cached.items()} == dict.fromkeys(cached, "hit")
    assert TITLE in cached[book.url].content.decode()

    # The book's PDF edition, rendered while the chapter was public, shows the chapter.
    PdfEdition.objects.create(
        page=book, data=b"%PDF", size=4, page_count=1, rendered_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=chapter, restriction_type="login")

    assert client.get(chapter.url).status_code == 302, "the login page, not the cached chapter"
    for page in (book, document):
        response = client.get(page.url)
        assert response[STATUS_HEADER] == "miss"
        assert TITLE not in response.content.decode(), page.url
    # Varnish forgets the chapter, the book listing it (its whole-book view and PDF), the
    # document naming it, the home page's menu and the sitemap.
    assert {
        chapter.url,
        book.url,
        book.url + "all/",
        book.url + "pdf/",
        document.url,
        "/sitemap.xml",
        "/bg/",
    } <= purged_paths()
    assert not PdfEdition.objects.filter(page=book).exists(), "rendered again on request"

    frontend_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.restriction_type = "password"
        restriction.password = "secret"
        restriction.save()
    assert {chapter.url, book.url} <= purged_paths(), "a changed restriction purges too"

    frontend_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get(chapter.url).status_code == 200
    assert TITLE in client.get(book.url).content.decode()
    assert {chapter.url, book.url, document.url} <= purged_paths(), "lifting it purges too"


@pytest.mark.usefixtures("page_cache")
def test_restricting_a_collection_hides_its_documents_on_cached_pages(
    client, bg_home, frontend_cache, django_capture_on_commit_callbacks
):
    collection = Collection.get_first_root_node().add_child(name="Internal")
    document = get_document_model().objects.create(
        title="Internal protocol",
        collection=collection,
        file=ContentFile(b"%PDF-1.4 internal", name="internal.pdf"),
    )
    book = make_book(bg_home, slug="book", chapters=0)
    chapter = publish(
        ChapterPage(
            title="Protocols", slug="protocols", body=[("document", {"document": document})]
        ),
        book,
    )
    client.get(chapter.url)  # creates the site's settings, which starts a new cache generation
    client.get(chapter.url)
    assert "Internal protocol" in client.get(chapter.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")

    response = client.get(chapter.url)
    assert response[STATUS_HEADER] == "miss"
    assert "Internal protocol" not in response.content.decode()
    assert client.get(document.url).status_code == 302
    assert chapter.url in purged_paths()
