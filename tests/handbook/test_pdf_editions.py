"""PDF editions: rendered when a page is published, read back with pypdf (pages, Cyrillic
text, outline, named destinations, watermark, metadata), served with the page's rules."""

import datetime
import io

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from handbook.editions import PdfEdition, render_pdf_edition
from handbook.models import ChapterPage

from .factories import chapter_body, make_book, make_document, make_library

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def render_on_publish(settings):
    settings.PDF_EDITIONS_ON_PUBLISH = True


def read(page) -> PdfReader:
    return PdfReader(io.BytesIO(bytes(PdfEdition.objects.get(page=page).data)))


def outline_titles(items) -> list[str]:
    titles = []
    for item in items:
        titles.extend(outline_titles(item) if isinstance(item, list) else [item.title])
    return titles


def all_text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def cyrillic_clauses():
    return [
        (
            "clause",
            {
                "anchor": "obhvat",
                "heading": "Обхват",
                "text": "<p>Стандартът се прилага от всички доставчици.</p>",
                "subclauses": [],
            },
        ),
        (
            "clause",
            {
                "anchor": "ocenka",
                "heading": "Оценка на нуждите",
                "text": "<p>Нуждите се оценяват в срок от седем дни.</p>",
                "subclauses": [
                    {
                        "anchor": "srok",
                        "heading": "Срок",
                        "text": "<p>Оценката започва до 48 часа след насочването.</p>",
                        "subclauses": [],
                    }
                ],
            },
        ),
    ]


@pytest.fixture
def library(bg_home):
    return make_library(bg_home)


def test_a_published_document_has_a_pdf_edition_with_its_clauses_in_cyrillic(library):
    document = make_document(library, title="Стандарт за работа", clauses=cyrillic_clauses())
    reader = read(document)

    text = all_text(reader)
    assert "Оценката започва до 48 часа след насочването." in text
    assert "Стандарт за работа" in reader.pages[0].extract_text()  # the cover
    assert reader.metadata.title == "Стандарт за работа, версия 1.0"
    assert reader.trailer["/Root"]["/Lang"] == "bg"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
    # Fonts are embedded (a file stream per font), so the Cyrillic text displays anywhere.
    fonts = reader.pages[2]["/Resources"]["/Font"].values()
    assert all(
        "/FontFile2" in font.get_object()["/DescendantFonts"][0]["/FontDescriptor"]
        for font in fonts
    )


def test_clauses_are_named_destinations_by_anchor_and_by_number(library):
    document = make_document(library, clauses=cyrillic_clauses())
    reader = read(document)

    destinations = reader.named_destinations
    assert {"obhvat", "ocenka", "srok", "clause-1", "clause-2", "clause-2-1"} <= set(destinations)
    clause_page = reader.get_destination_page_number(destinations["clause-2-1"])
    assert "Оценката започва" in reader.pages[clause_page].extract_text()
    assert {"1 Обхват", "2 Оценка на нуждите", "2.1 Срок"} <= set(outline_titles(reader.outline))


def test_every_page_after_the_cover_has_the_running_header_and_the_permalink(library):
    document = make_document(library, clauses=cyrillic_clauses(), code="NRM-S-09")
    reader = read(document)

    assert len(reader.pages) >= 3  # cover, contents, text
    permalink = "http://testserver/bg/library/doc/"
    for page in reader.pages:
        assert permalink in page.extract_text()
    for page in reader.pages[1:]:
        assert "NRM-S-09" in page.extract_text()


def test_a_superseded_version_carries_the_watermark_and_the_one_in_force_does_not(library):
    old = make_document(library, slug="v1", version_label="1.0")
    assert "Отменен".upper() not in all_text(read(old)).upper()

    make_document(library, slug="v2", version_label="2.0", in_force_from=datetime.date(2024, 1, 1))

    old.refresh_from_db()
    assert old.status == "superseded"
    for page in read(old).pages:
        assert "ОТМЕНЕН" in page.extract_text().upper()


def test_the_book_edition_has_a_contents_with_page_numbers_and_an_outline(bg_home):
    book = make_book(bg_home, chapters=3, sections=4)
    reader = read(book)

    contents = reader.pages[1].extract_text().splitlines()
    chapter_two = reader.get_destination_page_number(reader.named_destinations["chapter-2-text"])
    line = next(line for line in contents if line.startswith("Глава 2. Chapter 2"))
    assert line.endswith(f". {chapter_two + 1}")  # a dotted leader, then the page number
    assert "Глава 2. Chapter 2" in reader.pages[chapter_two].extract_text()
    titles = outline_titles(reader.outline)
    assert "Глава 1. Chapter 1" in titles
    assert "Section 1" in titles
    assert {"c1-s1", "c3-s4"} <= set(reader.named_destinations)


def test_publishing_a_chapter_renders_the_chapter_and_the_book_again(bg_home):
    book = make_book(bg_home, chapters=2, sections=2)
    chapter = ChapterPage.objects.child_of(book).get(number=2)
    chapter.body = chapter_body(1) + [("paragraph", "<p>Нов текст за насочването.</p>")]
    chapter.save_revision().publish()

    assert "Нов текст за насочването." in all_text(read(chapter))
    assert "Нов текст за насочването." in all_text(read(book))


def test_the_page_links_to_its_edition_with_the_size(client, library):
    document = make_document(library)
    edition = PdfEdition.objects.get(page=document)

    page = client.get(document.url).content.decode()
    assert f'href="{document.url}pdf/"' in page
    with translation.override("bg"):
        assert f"PDF, {filesizeformat(edition.size)}, " in page

    response = client.get(f"{document.url}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(edition.data)
    assert 'filename="doc-bg.pdf"' in response["Content-Disposition"]


def test_the_pdf_of_a_restricted_page_needs_the_password(client, library):
    document = make_document(library)
    PageViewRestriction.objects.create(
        page=document, restriction_type=PageViewRestriction.PASSWORD, password="shelter"
    )

    response = client.get(f"{document.url}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")  # the password form, not the file
    assert b"%PDF" not in response.content


def test_without_an_edition_yet_the_visitor_is_asked_to_come_back(client, library, settings):
    settings.PDF_EDITIONS_ON_PUBLISH = False
    document = make_document(library)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    response = client.get(f"{document.url}pdf/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"


def test_unpublishing_drops_the_edition(library):
    document = make_document(library)
    document.unpublish()
    assert not PdfEdition.objects.filter(page=document).exists()


def test_a_rendering_already_newer_than_the_request_is_not_repeated(library):
    document = make_document(library)
    before = PdfEdition.objects.get(page=document).rendered_at
    result = render_pdf_edition.call(
        document.pk, (before - datetime.timedelta(seconds=1)).isoformat()
    )
    assert result == "up to date"


def test_images_from_other_sites_are_not_fetched(bg_home, monkeypatch):
    fetched = []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *a, **k: fetched.append(a))
    book = make_book(bg_home, chapters=1, sections=1)
    chapter = ChapterPage.objects.child_of(book).get()
    chapter.body = [("paragraph", '<p>x <a href="https://example.org/">link</a></p>')]
    chapter.save_revision().publish()
    from portal.pdf import local_url_fetcher

    with pytest.raises(ValueError):
        local_url_fetcher().fetch("https://example.org/tracker.png")
    with pytest.raises(ValueError):
        local_url_fetcher().fetch("http://testserver/media/../../etc/passwd")
    assert fetched == []
    assert PdfEdition.objects.filter(page=chapter).exists()


def test_a_table_caption_stays_on_the_page_of_the_table(bg_home):
    """Tables after texts of many lengths: wherever a page ends, a caption is on the page
    where its table starts."""
    body, tables = [], 30
    for n in range(tables):
        words = "Текст за насочването на пострадалите. " * (9 * (n % 7) + 4)
        body.append(("paragraph", f"<p>{words}</p>"))
        body.append(
            (
                "table",
                {
                    "caption": f"Надпис{n:02d}",
                    "header": ["Орган", "Роля"],
                    "rows": [{"cells": [f"Първиред{n:02d}", "Идентификация"]}]
                    + [{"cells": ["Полиция", "Защита"]}] * 3,
                },
            )
        )
    book = make_book(bg_home, chapters=0)
    chapter = ChapterPage(title="Таблици", slug="tablici", number=1, body=body)
    book.add_child(instance=chapter)
    chapter.save_revision().publish()
    pages = [page.extract_text() for page in read(chapter).pages]
    for n in range(tables):
        caption_page = next(i for i, text in enumerate(pages) if f"Надпис{n:02d}" in text)
        assert f"Първиред{n:02d}" in pages[caption_page], f"table {n} starts on another page"
