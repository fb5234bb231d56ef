"""Editors can create every page type in the admin and translate it."""

import datetime

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.models import ContentPage, HomePage, ProjectPage


@pytest.mark.django_db
class TestEditorsCreatePages(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get(locale__language_code="bg")

    def test_content_page(self):
        self.assertCanCreate(
            self.home,
            ContentPage,
            nested_form_data(
                {
                    "title": "Контакти",
                    "slug": "kontakti",
                    "intro": "Как да се свържете с нас",
                    "body": streamfield([("paragraph", rich_text("<p>Телефон</p>"))]),
                }
            ),
        )

    def test_project_page(self):
        self.assertCanCreate(
            self.home,
            ProjectPage,
            nested_form_data(
                {
                    "title": "Проект",
                    "slug": "proekt-2",
                    "intro": "",
                    "implementer": "Комисия",
                    "partner": "",
                    "funding": "",
                    "start_date": datetime.date(2026, 1, 1).isoformat(),
                    "end_date": "",
                    "objectives": streamfield([]),
                    "body": streamfield([]),
                }
            ),
        )

    def test_page_types_and_their_parents(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_pages_render(self):
        self.assertPageIsRenderable(self.home)

    def test_editor_can_open_the_translate_action(self):
        page = ContentPage(title="Превод", slug="prevod")
        self.home.add_child(instance=page)
        page.save_revision().publish()
        response = self.client.get(f"/admin/localize/submit/page/{page.id}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "English")
