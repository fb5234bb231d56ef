"""Import from Word through the admin: the tests write their own .docx files."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ReferenceIndex
from wagtail.users.models import UserProfile

from handbook.clauses import build_tree, flatten
from handbook.docx_samples import DocxBuilder, handbook_sample, standard_sample
from handbook.models import ChapterPage, GuidanceDocumentPage, WordImport

from .factories import make_book, make_library

pytestmark = pytest.mark.django_db
ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    # The messages below are asserted in English; the admin would otherwise speak Bulgarian.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def upload(client, target, data, name="file.docx"):
    return client.post(
        reverse("handbook_word_import_start", args=[target.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def read(client, target, data):
    """Upload (the test task backend reads at once) and return the import and its page."""
    response = upload(client, target, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    word_import = WordImport.objects.latest("pk")
    return word_import, client.get(response["Location"]).content.decode()


@pytest.fixture
def book(bg_home):
    return make_book(bg_home, slug="book", chapters=0)


def test_a_handbook_document_becomes_draft_chapters_with_every_construct(admin_client, book):
    word_import, preview = read(admin_client, book, handbook_sample(0))
    assert "Въведение" in preview and "Участници" in preview and "Цели" in preview
    assert "Everything in the document was understood." in preview
    assert not ChapterPage.objects.child_of(book).exists()  # nothing before confirmation

    admin_client.post(reverse("handbook_word_import", args=[word_import.pk]))

    intro, participants = ChapterPage.objects.child_of(book).order_by("number")
    assert (intro.title, participants.title) == ("Въведение", "Участници")
    assert not intro.live and intro.has_unpublished_changes  # drafts
    body = [(block.block_type, block.value) for block in intro.body]
    assert [kind for kind, _value in body] == [
        "paragraph",
        "footnote",
        "heading",
        "paragraph",
        "paragraph",
    ]
    assert "<b>рамка</b>" in body[0][1].source and "<i>за сътрудничество</i>" in body[0][1].source
    assert "ОССЕ/ОДИПЧ, 2022." in body[1][1]["text"].source
    assert intro.notes_data[0]["number"] == 1
    heading = body[2][1]
    assert heading["level"] == "2" and heading["text"] == "Цели" and heading["anchor"]
    assert body[3][1].source == (
        "<ul><li>Идентификация</li><li>Подкрепа<ul><li>Подслон</li></ul></li></ul>"
    )
    assert '<a href="https://example.org/nrm">портала</a>' in body[4][1].source
    table, figure = [block.value for block in participants.body]
    assert list(table["header"]) == ["Орган", "Роля"]
    assert list(table["rows"][0]["cells"]) == ["Полиция", "Идентификация"]
    assert figure["image"].contextual_alt_text == "Схема на насочването"
    assert word_import.pk and WordImport.objects.get(pk=word_import.pk).status == "done"
    # The reference index knows the chapter uses the image ("Usage" of the image).
    usage = ReferenceIndex.get_references_to(figure["image"])
    assert participants.pk in {int(ref.object_id) for ref in usage}


def test_what_is_not_understood_is_listed_with_its_place(admin_client, book):
    builder = DocxBuilder()
    builder.paragraph("A foreword before any chapter.")
    builder.heading("Chapter one", 1)
    builder.heading("A deep heading", 6)
    builder.image(alt="")
    builder.paragraph("Text.")
    word_import, preview = read(admin_client, book, builder.save())

    problems = {(p["place"], p["message"]) for p in word_import.problems}
    assert (1, "Text before the first chapter heading (Heading 1) was not imported.") in problems
    assert (3, "A heading of level %(detail)s became a level 4 heading.") in problems
    assert (4, "An image has no alternative text: add a description in the editor.") in problems
    assert "A heading of level 6 became a level 4 heading." in preview
    assert "Chapter one" in preview  # the heading the image comes under


def test_word_multilevel_numbering_becomes_the_clause_tree_with_the_same_numbers(
    admin_client, bg_home
):
    library = make_library(bg_home)
    word_import, preview = read(admin_client, library, standard_sample(1))
    assert 'value="Standard for accommodation (sample)"' in preview  # from the properties
    assert 'value="1.0"' in preview and 'value="2025-01-01"' in preview
    assert word_import.problems == []

    admin_client.post(
        reverse("handbook_word_import", args=[word_import.pk]),
        {
            "title": "Standard for accommodation",
            "code": "NRM-S-05",
            "document_type": "standard",
            "version_label": "1.0",
            "in_force_from": "2025-01-01",
        },
    )

    document = GuidanceDocumentPage.objects.child_of(library).get()
    assert not document.live and document.status == "draft"
    assert document.in_force_from == datetime.date(2025, 1, 1)
    assert document.summary == "The standard governs the accommodation of survivors."
    numbered = {c.number: (c.heading, c.plain_text) for c in flatten(build_tree(document.clauses))}
    assert numbered == {
        "1": ("Scope", ""),
        "2": ("Accommodation", ""),
        "2.1": ("", "Accommodation is safe."),
        "2.1.1": ("", "The address is confidential."),
        "2.2": ("", "Accommodation is voluntary."),
    }


def test_numbering_that_the_tree_cannot_reproduce_is_reported(admin_client, bg_home):
    builder = DocxBuilder(title="Regulation")
    numbers = builder.new_list(start=3)  # Word shows 3., 4.
    builder.numbered(numbers, 0, "First.")
    builder.numbered(numbers, 0, "Second.")
    word_import, preview = read(admin_client, make_library(bg_home), builder.save())
    details = [p["detail"] for p in word_import.problems]
    assert details == ["3 ≠ 1", "4 ≠ 2"]
    assert "Word numbers this clause 3 ≠ 1." in preview


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_external_template() -> bytes:
    builder = DocxBuilder()
    builder.paragraph("Text.")
    builder.document.part._settings_part.relate_to(
        "https://example.org/template.dotx", ATTACHED_TEMPLATE, is_external=True
    )
    return builder.save()


def _damaged() -> bytes:
    data = bytearray(handbook_sample(0))
    middle = len(data) // 2
    data[middle : middle + 200] = bytes(200)  # compressed data overwritten: CRC errors
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: b"Plain text, not a Word document.", "This is not a Word document (.docx)."),
        (
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "This file is password-protected or is an old Word 97-2003 (.doc) file.",
        ),
        (lambda: _zip({"hello.txt": "not a document"}), "This is not a Word document (.docx)."),
        (_damaged, "This Word document is damaged and cannot be read."),
        (
            lambda: _zip({"[Content_Types].xml": "<x/>", "word/document.xml": bytes(110_000_000)}),
            "This file unpacks to far more data than a Word document holds",
        ),
        (_with_external_template, "This document refers to files outside it (attachedTemplate"),
    ],
    ids=["not-a-zip", "encrypted", "zip-without-document", "damaged", "zip-bomb", "external"],
)
def test_bad_files_are_refused_with_a_clear_error_and_nothing_is_created(
    admin_client, book, data, message
):
    response = upload(admin_client, book, data())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WordImport.objects.exists()
    assert not ChapterPage.objects.child_of(book).exists()


def test_an_editor_without_permission_cannot_import(client, book):
    user = get_user_model().objects.create_user("reader", "r@example.org", "pw")
    client.force_login(user)
    response = upload(client, book, handbook_sample(0))
    assert response.status_code in (302, 403)
    assert not WordImport.objects.exists()


def test_the_import_button_is_on_the_handbook_and_the_library(admin_client, book):
    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[book.pk])).content.decode()
    assert reverse("handbook_word_import_start", args=[book.pk]) in page


def test_a_javascript_hyperlink_in_a_word_file_is_imported_as_plain_words(admin_client, book):
    document = DocxBuilder()
    document.heading("Връзки", 1)
    paragraph = document.paragraph("Вижте ")
    document.link(paragraph, "тук", "javascript:alert(1)")
    word_import, preview = read(admin_client, book, document.save())
    assert 'href="javascript:' not in preview and "was kept as plain text" in preview
    admin_client.post(reverse("handbook_word_import", args=[word_import.pk]))

    chapter = ChapterPage.objects.child_of(book).get()
    assert "javascript:" not in str(chapter.body.get_prep_value())
    assert "тук" in chapter.body[0].value.source
