"""Scripts and `javascript:` links typed by an editor, in any field of a page in either
language, reach visitors as harmless text."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.models import ContentPage, ProjectPage

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
LINK = '<a href="javascript:alert(1)">click</a>'
HOSTILE_HTML = f"<p>Text {LINK} {SCRIPT}<img src='x' onerror='alert(1)' /></p>"


def assert_harmless(html: bytes, path: str):
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src"), f"{path}: inline script {script}"
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.startswith("on"), f"{path}: {element}"
            text = " ".join(value) if isinstance(value, list) else value
            assert not re.match(r"\s*javascript:", text, re.I), f"{path}: {element}"
    assert "alert('x')" in soup.get_text(), f"{path}: the text itself should stay readable"


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["bg", "en"])
def test_a_content_page_written_in_the_admin_renders_hostile_input_harmless(
    editor_client, client, bg_home, en_home, language
):
    home = bg_home if language == "bg" else en_home
    data = nested_form_data(
        {
            "title": f"Title {SCRIPT}",
            "slug": "hostile",
            "intro": f"Intro {SCRIPT}",
            "body": streamfield(
                [
                    ("heading", {"level": "2", "text": f"Heading {SCRIPT}", "anchor": ""}),
                    ("paragraph", rich_text(HOSTILE_HTML)),
                    ("quote", {"quote": f"Quote {SCRIPT}", "source": LINK}),
                    (
                        "callout",
                        {"kind": "note", "title": SCRIPT, "body": rich_text(HOSTILE_HTML)},
                    ),
                ]
            ),
            "action-publish": "publish",
        }
    )
    add_url = reverse("wagtailadmin_pages:add", args=("portal", "contentpage", home.pk))
    response = editor_client.post(add_url, data)
    assert response.status_code == 302, response.content[:2000]
    page = ContentPage.objects.get(slug="hostile", locale__language_code=language)
    page.body.append(
        (
            "table",
            {"caption": SCRIPT, "header": [SCRIPT, LINK], "rows": [{"cells": [SCRIPT, LINK]}]},
        )
    )
    page.save_revision().publish()

    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    assert_harmless(response.content, page.url)
    assert "&lt;script&gt;" in response.content.decode()


def test_a_project_page_and_the_menu_render_hostile_titles_harmless(client, bg_home):
    project = ProjectPage(
        title=f"Project {SCRIPT}",
        slug="hostile-project",
        intro=SCRIPT,
        implementer=LINK,
        partner=SCRIPT,
        funding=SCRIPT,
        start_date="2026-01-01",
        show_in_menus=True,
        objectives=[
            (
                "objective",
                {
                    "title": SCRIPT,
                    "activities": [{"title": LINK, "description": SCRIPT, "subactivities": []}],
                },
            )
        ],
    )
    bg_home.add_child(instance=project)
    project.save_revision().publish()
    for page in (Page.objects.get(pk=bg_home.pk), project):
        response = client.get(page.url)
        assert response.status_code == 200
        assert_harmless(response.content, page.url)
