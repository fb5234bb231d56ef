"""The handbook as readers use it: contents, chapters, the whole book, notes, permalinks,
untranslated chapters and the standards that link to chapters."""

import pytest
from bs4 import BeautifulSoup

from handbook.models import ChapterPage, HandbookPage

from .factories import make_book

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def book(bg_home):
    return make_book(bg_home, chapters=3, sections=12)


def test_book_contents_list_chapters_and_their_sections(client, book):
    html = soup(client.get(book.url))
    chapters = html.select(".book-contents .toc__chapter")
    assert len(chapters) == 3
    assert "Chapter 2" in chapters[1].get_text()
    links = [a["href"] for a in chapters[1].select(".toc__section a")]
    assert links[0] == "/bg/book/chapter-2/#c2-s1" and len(links) == 12


def test_chapter_page_has_contents_anchored_headings_and_navigation(client, book):
    chapter = ChapterPage.objects.get(slug="chapter-2")
    html = soup(client.get(chapter.url))
    toc = [a["href"] for a in html.select(".chapter-contents a")]
    assert toc == [f"#c2-s{n}" for n in range(1, 13)]
    heading = html.select_one("#c2-s4")
    assert heading.name == "h2" and heading.select_one("a.anchor-link")["href"] == "#c2-s4"
    assert html.select_one(".pager__previous")["href"] == "/bg/book/chapter-1/"
    assert html.select_one(".pager__next")["href"] == "/bg/book/chapter-3/"
    crumbs = [a["href"] for a in html.select(".breadcrumbs a")]
    assert crumbs == ["/bg/", "/bg/book/"]


def test_footnotes_are_numbered_notes_at_the_end_of_the_chapter(client, book):
    chapter = ChapterPage.objects.get(slug="chapter-1")
    html = soup(client.get(chapter.url))
    refs = html.select(".note-ref a")
    assert [a.get_text() for a in refs] == ["1"]
    note = html.select_one(".chapter-notes li#ch1-note-1")
    assert "Reference 10." in note.get_text()
    assert refs[0]["href"] == "#ch1-note-1"


def test_a_note_marker_sits_in_the_sentence_it_annotates_and_the_note_leads_back(client, book):
    html = soup(client.get(ChapterPage.objects.get(slug="chapter-1").url))
    marker = html.select_one("sup.note-ref a")
    paragraph = marker.find_parent("p")
    assert paragraph is not None and "note-ref" not in (paragraph.get("class") or [])
    assert paragraph.get_text(strip=True) != marker.get_text(strip=True), "a line of its own"
    back = html.select_one("#ch1-note-1 a.note-back")
    assert back["href"] == f"#{marker['id']}"


def test_whole_book_on_one_page_for_printing(client, book):
    html = soup(client.get(book.url + "all/"))
    chapters = html.select("section.print-chapter")
    assert [c.h2.get_text(" ", strip=True) for c in chapters] == [
        "1. Chapter 1",
        "2. Chapter 2",
        "3. Chapter 3",
    ]
    assert html.select_one("#c3-s12") is not None
    assert html.select_one('.book-contents a[href="#chapter-2-text"]')
    assert html.select_one('link[rel=stylesheet][media=print][href$="print.css"]')


def test_section_permalink_redirects_to_the_chapter(client, book):
    response = client.get(book.url + "section/c3-s5/")
    assert response.status_code == 302
    assert response["Location"] == "/bg/book/chapter-3/#c3-s5"
    assert client.get(book.url + "section/nope/").status_code == 404


def test_a_new_chapter_gets_the_next_number(book):
    chapter = ChapterPage(title="Appendix", slug="appendix")
    book.add_child(instance=chapter)
    assert chapter.number == 4


def test_search_sections_follow_the_headings(book):
    sections = ChapterPage.objects.get(slug="chapter-1").search_sections()
    assert [s.anchor for s in sections[-2:]] == ["c1-s11", "c1-s12"]
    assert "referral" in sections[-1].text


def test_original_pdf_is_offered_for_download(client, bg_home):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="Original")
    document.file.save("original.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    book = make_book(bg_home, slug="with-pdf", chapters=1)
    book.original_pdf = document
    book.save_revision().publish()
    html = soup(client.get(book.url))
    assert html.select_one(f'a[href="{document.url}"]')


# Demo content: translations and untranslated chapters.


def test_english_chapter_keeps_the_anchors_of_the_bulgarian_one(demo_content, en_locale):
    bg = ChapterPage.objects.get(slug="identifikacia-i-zakrila")
    en = bg.get_translation(en_locale).specific
    assert [s["anchor"] for s in en.sections()] == [s["anchor"] for s in bg.sections()]
    assert en.sections()[0]["heading"] == "Indicators of trafficking"


def test_untranslated_chapter_is_offered_as_the_original(client, demo_content):
    html = soup(client.get("/en/handbook/"))
    entry = html.select_one("#chapter-6")
    link = entry.select_one("a")
    assert link["href"] == "/bg/narachnik/monitoring-i-ocenka/"
    assert entry.select_one("span[lang=bg]").get_text() == "Мониторинг и оценка на механизма"
    assert "not translated yet" in entry.get_text()
    whole = soup(client.get("/en/handbook/all/"))
    original = whole.select_one("#chapter-6-text")
    assert original["lang"] == "bg" and "not translated yet" in original.get_text()


def test_untranslated_chapter_says_so_only_in_the_language_that_lacks_it(client, demo_content):
    """The Bulgarian original carries no English notice: the English contents say that the
    link leads to the original, and the switcher says so in English."""
    html = soup(client.get("/bg/narachnik/monitoring-i-ocenka/"))
    assert not html.select("main .untranslated-note")
    assert "not translated" not in html.select_one("main").get_text()
    english = html.select_one('.language-switcher a[hreflang="en"]')
    assert english["href"] == "/en/handbook/#chapter-6"
    assert "offer the original" in html.select_one(".language-switcher__note").get_text()
    translated = soup(client.get("/bg/narachnik/vavedenie/"))
    assert not translated.select(".untranslated-note")


def test_section_permalink_resolves_in_both_languages(client, demo_content):
    assert client.get("/en/handbook/section/ch3-health/")["Location"] == (
        "/en/handbook/individual-support/#ch3-health"
    )
    assert client.get("/bg/narachnik/section/ch3-health/")["Location"] == (
        "/bg/narachnik/individualna-podkrepa/#ch3-health"
    )


def test_chapter_lists_the_standards_that_cite_it(client, demo_content):
    html = soup(client.get("/en/handbook/individual-support/"))
    titles = [a.get_text() for a in html.select(".related a")]
    assert titles == ["Standard for work with trafficked persons"] * 2


def test_demo_handbook_has_the_four_pillars(demo_content):
    book = HandbookPage.objects.get(slug="narachnik")
    assert [e.number for e in book.chapter_entries] == [1, 2, 3, 4, 5, 6]


def test_anchors_survive_edits_and_are_never_sent_to_translators(demo_content, en_locale):
    from wagtail_localize.segments.extract import extract_segments

    from portal.demo.translation import translate

    bg = ChapterPage.objects.get(slug="vavedenie")
    assert not [s for s in extract_segments(bg) if s.path.endswith(".anchor")]
    body = list(bg.body.raw_data)
    body[0]["value"]["text"] = "Защо механизмът е необходим"
    body.insert(0, {"type": "paragraph", "value": "<p>Нов увод.</p>"})
    bg.body = body
    bg.save_revision().publish()
    bg = ChapterPage.objects.get(pk=bg.pk)
    assert bg.sections()[0] == {
        "level": 2,
        "anchor": "ch1-purpose",
        "heading": "Защо механизмът е необходим",
    }

    en = bg.get_translation(en_locale).specific
    en_body = list(en.body.raw_data)
    en_body[0]["value"]["text"] = "Why the mechanism is necessary"
    en_body.insert(0, {"type": "paragraph", "value": "<p>A new opening.</p>"})
    shadow = ChapterPage(title=en.title, slug=en.slug, summary=en.summary, body=en_body)
    en = translate(bg, shadow, en_locale)
    assert [s["anchor"] for s in en.sections()] == [s["anchor"] for s in bg.sections()]
    assert en.sections()[0]["heading"] == "Why the mechanism is necessary"
