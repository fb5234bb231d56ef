"""Rich text is safe whatever path it came by: a translation override or an uploaded PO file
in wagtail-localize, the editor, the API; control characters never reach a page; anchors
editors type are plain identifiers."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import OverridableSegment, Translation, TranslationSource

from portal.models import ContentPage
from portal.safe_html import safe_html

pytestmark = pytest.mark.django_db

DANGEROUS = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
API_FORMATS = ("db_html", "html", "db_markdown", "markdown")


def dangerous_attributes(markup: str) -> list[str]:
    found = []
    for element in BeautifulSoup(markup, "html.parser").find_all(True):
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on") or DANGEROUS.match(re.sub(r"[\x00-\x20]", "", text)):
                found.append(str(element))
    return found


def assert_safe_everywhere(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    assert dangerous_attributes(response.content.decode()) == []
    for rich_text_format in API_FORMATS:
        response = client.get(f"/api/v3/pages/{page.pk}/?rich_text_format={rich_text_format}")
        assert response.status_code == 200, response.content
        body = json.dumps(response.json(), ensure_ascii=False)
        assert not re.search(r"(javascript|vbscript):|data:text", body, re.I), (
            rich_text_format,
            body,
        )
        assert "onmouseover" not in body, rich_text_format


def publish(translation, user):
    """wagtail-localize publishes on commit, which a test never reaches."""
    translation.save_target(user=user, publish=False)
    page = translation.get_target_instance().specific
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def translation(bg_home, en_home, en_locale, editor):
    """A Bulgarian page with a link, submitted for translation into English."""
    page = ContentPage(
        title="Връзки",
        slug="vrazki",
        intro="Увод",
        body=[],
    )
    page.body = [("paragraph", '<p>Вижте <a href="https://example.org/">сайта</a>.</p>')]
    bg_home.add_child(instance=page)
    page.save_revision(user=editor).publish()
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=en_locale)
    publish(translation, editor)
    return translation


def test_a_translation_override_cannot_make_a_javascript_link(client, translation, editor):
    segment = OverridableSegment.objects.get(source=translation.source)
    client.force_login(editor)
    url = reverse("wagtail_localize:edit_override", args=[translation.pk, segment.pk])
    response = client.put(
        url,
        "value=javascript%3Aalert(1)",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    page = publish(translation, editor)
    client.logout()

    assert "javascript:" not in json.dumps(page.body.get_prep_value())
    assert_safe_everywhere(client, page)
    # The words stay; only the link is gone.
    assert "<a>сайта</a>" in client.get(page.url).content.decode()


def test_a_po_file_upload_cannot_bring_a_dangerous_link_or_control_characters(
    client, translation, editor
):
    po = translation.export_po()
    for entry in po:
        if "<a" in entry.msgid:
            entry.msgstr = (
                'See <a id="a1" href="javascript:alert(1)" onmouseover="alert(2)">the site</a>.'
            )
        elif entry.msgid == "Връзки":
            entry.msgstr = "Links\x07\x1b"
        else:
            entry.msgstr = f"{entry.msgid} (en)"
    client.force_login(editor)
    upload = SimpleUploadedFile("en.po", str(po).encode(), content_type="text/x-gettext")
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}
    )
    assert response.status_code == 302
    page = publish(translation, editor)
    client.logout()

    assert page.title == "Links"
    assert_safe_everywhere(client, page)


def test_rich_text_that_reached_the_database_unchecked_renders_safe(client, bg_home):
    """Content written by code (an import, a migration) bypasses the editor's whitelist;
    saving it cleans it, and so does every rendering of older revisions."""
    hostile = (
        '<p><a href=" JaVa&#x09;Script:alert(1)">one</a> '
        '<a href="data:text/html;base64,PHNjcmlwdD4=">two</a> '
        '<a href="vbscript:msgbox(1)">three</a> '
        '<b onmouseover="alert(2)">four</b></p>'
    )
    page = ContentPage(title="Стар текст", slug="star-tekst", intro="", body=[])
    page.body = [("paragraph", hostile)]
    bg_home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    stored = json.dumps(page.body.get_prep_value())
    assert "alert" not in stored and "vbscript" not in stored and "base64" not in stored
    assert_safe_everywhere(client, page)
    assert safe_html(hostile).count("<a>") == 3


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<p>Read <a href="https://example.org/?a=1&amp;b=2">this</a></p>', None),
        ('<a href="#kakvo-e" id="x">in page</a>', None),
        ('<a href="mailto:info@example.org">mail</a>', None),
        ("<p>Metadata: not a link</p>", None),
        ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
        ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;" alt="a">', '<img alt="a">'),
        ('<p ONCLICK="alert(1)" class="c">x</p>', '<p class="c">x</p>'),
        ("<p>bell\x07 and null\x00</p>", "<p>bell and null</p>"),
    ],
)
def test_the_sanitiser_keeps_ordinary_markup_and_drops_dangerous_attributes(markup, expected):
    assert safe_html(markup) == (markup if expected is None else expected)


def test_control_characters_in_a_title_are_removed_on_save(client, bg_home):
    page = ContentPage(title="Ред\x00 с\x1f знаци\x7f\tи\nтаб", slug="znaci", intro="Увод\x0b")
    bg_home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "Ред с знаци\tи\nтаб"
    assert page.intro == "Увод"
    assert "\x00" not in client.get(page.url).content.decode()


def test_an_anchor_with_unsafe_characters_is_refused_with_a_clear_message(client, editor, bg_home):
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Котви",
            "slug": "kotvi",
            "intro": "",
            "body": streamfield(
                [("heading", {"level": "2", "text": "Раздел", "anchor": 'x" onclick="a'})]
            ),
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("portal", "contentpage", bg_home.pk))
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not ContentPage.objects.filter(slug="kotvi").exists()
    assert "Latin letters, digits, hyphens" in response.content.decode()

    data["body-0-value-anchor"] = "who-takes-part"
    response = client.post(url, data)
    assert response.status_code == 302
    assert ContentPage.objects.get(slug="kotvi").body[0].value["anchor"] == "who-takes-part"
