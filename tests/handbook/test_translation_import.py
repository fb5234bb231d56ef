"""Import of a translation from Word: the English .docx of a Bulgarian chapter or guidance
document fills its wagtail-localize translation where the parts line up. The tests write
their own .docx files."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation

from handbook.demo import UNTRANSLATED_CHAPTER, _body, word_samples
from handbook.docx_samples import DocxBuilder
from handbook.models import ChapterPage, WordImport
from portal.demo.translation import translate
from tests.factories import publish

from .factories import make_book, make_document, make_library

pytestmark = pytest.mark.django_db

BULGARIAN_BODY = [
    ("paragraph", "<p>Механизмът е <b>рамка</b> за сътрудничество.</p>"),
    ("footnote", {"text": "<p>ОССЕ/ОДИПЧ, 2022.</p>"}),
    ("heading", {"level": "2", "text": "Цели", "anchor": "aims-anchor"}),
    ("paragraph", "<ul><li>Идентификация</li><li>Подкрепа</li></ul>"),
    ("paragraph", "<p>Подкрепата е безусловна.</p>"),
    ("heading", {"level": "2", "text": "Участници", "anchor": "who-anchor"}),
    (
        "table",
        {
            "caption": "Органи",
            "header": ["Орган", "Роля"],
            "rows": [{"cells": ["Полиция", "Идентификация"]}],
        },
    ),
]


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the assertions read the admin in English
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def chapter(bg_home, en_locale):
    book = make_book(bg_home, slug="book", chapters=0)
    return publish(ChapterPage(title="Въведение", slug="vavedenie", body=BULGARIAN_BODY), book)


def english_chapter(aims=("Identification", "Support"), extra_section=False) -> bytes:
    b = DocxBuilder(title="Introduction")
    b.heading("Introduction", 1)
    p = b.paragraph("The mechanism is ", ("a framework", "b"), " for cooperation.")
    b.footnote(p, "OSCE/ODIHR, 2022.")
    b.heading("Aims", 2)
    bullets = b.new_list(bullet=True)
    for text in aims:
        b.numbered(bullets, 0, text)
    b.paragraph("Support is unconditional.")
    if extra_section:
        b.heading("Funding", 2)
        b.paragraph("The state pays for the services.")
    b.heading("Participants", 2)
    b.table(["Body", "Role"], [["Police", "Identification"]])
    return b.save()


def import_translation(client, page, data, language="en"):
    response = client.post(
        reverse("handbook_word_import_translation", args=[page.pk, language]),
        {"file": SimpleUploadedFile("en.docx", data)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    word_import = WordImport.objects.latest("pk")
    return word_import, client.get(response["Location"]).content.decode()


def stored_body(page):
    return list(ChapterPage.objects.get(pk=page.pk).body.get_prep_value())


def test_a_matching_translation_fills_every_segment_keeps_anchors_and_makes_a_draft(
    editor_client, chapter, en_locale
):
    bulgarian_before = stored_body(chapter)
    word_import, preview = import_translation(editor_client, chapter, english_chapter())
    assert "How the file lines up with the page" in preview
    assert "Left untranslated" not in preview and "Fill the English translation" in preview
    assert not chapter.has_translation(en_locale)  # nothing before confirmation

    editor_client.post(reverse("handbook_word_import", args=[word_import.pk]))

    english = chapter.get_translation(en_locale).specific
    assert not english.live  # a draft, as the translation editor saves it
    draft = english.get_latest_revision_as_object()
    assert draft.title == "Introduction"
    body = [(block.block_type, block.value) for block in draft.body]
    assert "The mechanism is <b>a framework</b> for cooperation." in body[0][1].source
    assert "OSCE/ODIHR, 2022." in body[1][1]["text"].source
    assert (body[2][1]["text"], body[2][1]["anchor"]) == ("Aims", "aims-anchor")
    assert body[3][1].source == "<ul><li>Identification</li><li>Support</li></ul>"
    assert body[4][1].source == "<p>Support is unconditional.</p>"
    assert (body[5][1]["text"], body[5][1]["anchor"]) == ("Participants", "who-anchor")
    table = body[6][1]
    assert list(table["header"]) == ["Body", "Role"]
    assert list(table["rows"][0]["cells"]) == ["Police", "Identification"]
    assert table["caption"] == "Органи"  # the file has no caption: left to translate
    # Block ids are the source's, so wagtail-localize keeps syncing them.
    assert [b["id"] for b in draft.body.get_prep_value()] == [b["id"] for b in bulgarian_before]
    # The strings are wagtail-localize string translations of the source...
    translation = Translation.objects.get(source__object_id=chapter.translation_key)
    assert translation.target_locale == en_locale
    filled = StringTranslation.objects.filter(locale=en_locale, tool_name="Word")
    assert {"Aims", "Participants", "Police"} <= set(filled.values_list("data", flat=True))
    assert translation.get_progress() != (0, 0)
    # ...and the Bulgarian page is untouched.
    assert stored_body(chapter) == bulgarian_before
    assert ChapterPage.objects.get(pk=chapter.pk).title == "Въведение"
    done = editor_client.get(reverse("handbook_word_import", args=[word_import.pk])).content
    assert b"The English translation was saved as a draft" in done


def test_a_different_outline_is_reported_and_nothing_is_written(editor_client, chapter, en_locale):
    word_import, preview = import_translation(
        editor_client, chapter, english_chapter(extra_section=True)
    )
    assert "The outline differs" in preview
    assert "Only in the file" in preview and "Participants" in preview
    assert "Fill the English translation" not in preview  # no way to confirm
    editor_client.post(reverse("handbook_word_import", args=[word_import.pk]))
    assert not chapter.has_translation(en_locale)
    assert not StringTranslation.objects.filter(locale=en_locale).exists()
    word_import.refresh_from_db()
    assert word_import.status == "ready"


def test_a_section_that_differs_is_left_untranslated_and_said_so(editor_client, chapter, en_locale):
    word_import, preview = import_translation(
        editor_client, chapter, english_chapter(aims=("Identification", "Support", "Shelter"))
    )
    assert (
        "Left untranslated" in preview and "A list or table has another number of items." in preview
    )
    editor_client.post(reverse("handbook_word_import", args=[word_import.pk]))
    draft = chapter.get_translation(en_locale).specific.get_latest_revision_as_object()
    body = [(block.block_type, block.value) for block in draft.body]
    assert "The mechanism is" in body[0][1].source  # the sections that line up are filled
    assert list(body[6][1]["header"]) == ["Body", "Role"]
    # the section "Aims" keeps the original, to translate in the translation editor
    assert (body[2][1]["text"], body[3][1].source) == (
        "Цели",
        "<ul><li>Идентификация</li><li>Подкрепа</li></ul>",
    )
    assert body[2][1]["anchor"] == "aims-anchor"


def english_document(extra_subclause=False) -> bytes:
    """The tree of the factory's document: clause 1 with 1.1, 1.1.1, 1.2, 1.2.1; clause 2."""
    b = DocxBuilder(title="Standard for work with survivors", version="1.0")
    numbers = b.new_list()
    b.numbered(numbers, 0, "Heading 1 in English", heading_level=2)
    b.paragraph("Clause text 1 in English.")
    for sub in (1, 2):
        b.numbered(numbers, 1, f"Sub-clause 1.{sub} in English.")
        b.numbered(numbers, 2, f"Leaf 1.{sub}.1 in English.")
    b.numbered(numbers, 0, "Heading 2 in English", heading_level=2)
    b.paragraph("Clause text 2 in English.")
    if extra_subclause:
        b.numbered(numbers, 1, "A sub-clause the Bulgarian has not.")
    return b.save()


def test_a_document_translation_fills_the_clause_tree_and_reports_a_clause_too_many(
    editor_client, bg_home, en_locale
):
    document = make_document(make_library(bg_home), clauses=None)
    anchors = [c["value"]["anchor"] for c in document.clauses.get_prep_value()]

    word_import, preview = import_translation(
        editor_client, document, english_document(extra_subclause=True)
    )
    assert "Only in the file" in preview and "<td>2.1</td>" in preview
    editor_client.post(reverse("handbook_word_import", args=[word_import.pk]))
    assert not document.has_translation(en_locale)

    word_import, preview = import_translation(editor_client, document, english_document())
    assert "Left untranslated" not in preview
    editor_client.post(reverse("handbook_word_import", args=[word_import.pk]))
    draft = document.get_translation(en_locale).specific.get_latest_revision_as_object()
    clauses = list(draft.clauses.get_prep_value())
    assert [c["value"]["anchor"] for c in clauses] == anchors
    first = clauses[0]["value"]
    assert first["heading"] == "Heading 1 in English"
    assert first["text"] == "<p>Clause text 1 in English.</p>"
    sub = first["subclauses"][1]["value"]
    assert (sub["anchor"], sub["text"]) == ("c1-1", "<p>Sub-clause 1.2 in English.</p>")
    assert sub["subclauses"][0]["value"]["text"] == "<p>Leaf 1.2.1 in English.</p>"
    assert draft.code == document.code and draft.title == "Standard for work with survivors"


def test_the_action_is_on_the_bulgarian_page_and_on_its_translation(
    editor_client, chapter, en_locale
):
    url = reverse("handbook_word_import_translation", args=[chapter.pk, "en"])
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[chapter.pk])).content
    assert url.encode() in edit and b"Import English translation from Word" in edit
    word_import, _preview = import_translation(editor_client, chapter, english_chapter())
    editor_client.post(reverse("handbook_word_import", args=[word_import.pk]))
    # The English page opens in the translation editor; the action is in its actions
    # menu in the English book's listing.
    english_book = chapter.get_translation(en_locale).get_parent()
    listing = editor_client.get(reverse("wagtailadmin_explore", args=[english_book.pk])).content
    assert url.encode() in listing


def test_only_editors_of_the_page_may_import_its_translation(client, chapter):
    user = get_user_model().objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(user)
    url = reverse("handbook_word_import_translation", args=[chapter.pk, "en"])
    assert client.get(url).status_code in (302, 403)


def test_a_page_cannot_be_translated_into_its_own_language(editor_client, chapter):
    url = reverse("handbook_word_import_translation", args=[chapter.pk, "bg"])
    assert editor_client.get(url, follow=True).status_code == 404


def test_a_published_translation_keeps_its_live_text_until_the_draft_is_published(
    editor_client, chapter, en_locale
):
    shadow = ChapterPage(title="Earlier translation", slug="earlier", body=BULGARIAN_BODY)
    translate(chapter, shadow, en_locale)  # as in the translation editor, and published
    english = chapter.get_translation(en_locale).specific
    word_import, _preview = import_translation(editor_client, chapter, english_chapter())
    editor_client.post(reverse("handbook_word_import", args=[word_import.pk]))

    english.refresh_from_db()
    assert english.live and english.has_unpublished_changes
    assert english.title == "Earlier translation"  # what visitors see
    assert english.get_latest_revision_as_object().title == "Introduction"  # the draft
    english.get_latest_revision().publish()
    english.refresh_from_db()
    assert english.title == "Introduction"
    assert english.body[2].value["anchor"] == "aims-anchor"


def test_the_demo_english_chapter_sample_fills_the_untranslated_demo_chapter(
    editor_client, bg_home, en_locale
):
    spec = UNTRANSLATED_CHAPTER
    book = make_book(bg_home, slug="book", chapters=0)
    page = publish(
        ChapterPage(title=spec["title"], slug=spec["slug"], body=_body(spec["body"], 0)), book
    )
    sample = next(data for _title, name, data in word_samples() if "translation" in name)
    word_import, preview = import_translation(editor_client, page, sample)
    assert "Left untranslated" not in preview and "Differs" not in preview
    editor_client.post(reverse("handbook_word_import", args=[word_import.pk]))
    draft = page.get_translation(en_locale).specific.get_latest_revision_as_object()
    assert draft.title == spec["english_title"]
    assert [b.value["anchor"] for b in draft.body if b.block_type == "heading"] == [
        "ch6-data",
        "ch6-review",
    ]
    assert "anonymised register" in draft.body[1].value.source
