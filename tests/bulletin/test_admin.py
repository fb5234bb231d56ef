"""Editors create bulletin pages and snippets in the admin; partner feed health is shown."""

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from bulletin.models import (
    ArticlePage,
    BulletinIndexPage,
    BulletinIssuePage,
    EventIndexPage,
    EventPage,
    PartnerFeed,
    PartnerNewsPage,
)
from portal.models import HomePage


@pytest.mark.django_db
class TestEditorsCreateBulletinPages(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get(locale__language_code="bg")

    def test_page_types_and_their_parents(self):
        self.assertAllowedParentPageTypes(BulletinIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BulletinIndexPage, {ArticlePage, BulletinIssuePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(PartnerNewsPage, {HomePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_article_issue_and_event_in_the_admin(self):
        self.assertCanCreate(
            self.home,
            BulletinIndexPage,
            nested_form_data({"title": "Новини", "slug": "novini", "intro": ""}),
        )
        index = BulletinIndexPage.objects.get(slug="novini")
        self.assertCanCreate(
            index,
            ArticlePage,
            nested_form_data(
                {
                    "title": "Статия",
                    "slug": "statiya",
                    "date": "2026-03-01",
                    "author": "",
                    "summary": "Резюме",
                    "lead_image_alt": "",
                    "body": streamfield([("paragraph", rich_text("<p>Текст</p>"))]),
                }
            ),
        )
        article = ArticlePage.objects.get(slug="statiya")
        self.assertCanCreate(
            index,
            BulletinIssuePage,
            nested_form_data(
                {
                    "title": "Брой 1",
                    "slug": "broy-1",
                    "number": 1,
                    "issue_date": "2026-03-02",
                    "editorial": rich_text("<p>Уводна</p>"),
                    "items": inline_formset(
                        [
                            {"article": article.pk, "title": "", "summary": "", "link_url": ""},
                            {"article": "", "title": "Кратко", "summary": "Да", "link_url": ""},
                        ]
                    ),
                }
            ),
        )
        assert [i.title for i in BulletinIssuePage.objects.get().newsletter_items()] == [
            "Статия",
            "Кратко",
        ]
        self.assertCanCreate(
            self.home,
            EventIndexPage,
            nested_form_data({"title": "Събития", "slug": "sybitiya", "intro": ""}),
        )
        events = EventIndexPage.objects.get()
        data = {
            "title": "Среща",
            "slug": "sreshta",
            "intro": "",
            "start_date": "2030-01-10",
            "start_time": "10:00",
            "end_date": "",
            "end_time": "12:00",
            "time_zone": "Europe/Sofia",
            "frequency": "MONTHLY",
            "interval": 1,
            "repeat_until": "",
            "exceptions": inline_formset([{"date": "2030-04-10"}]),
            "venue": "София",
            "online_url": "",
            "organiser": "",
            "audiences": ["professionals"],
            "registration_url": "",
            "registration_instructions": "",
            "body": streamfield([]),
        }
        self.assertCanCreate(events, EventPage, nested_form_data(data))
        assert EventPage.objects.get().exception_dates[0].isoformat() == "2030-04-10"
        data.update(slug="bad", start_time="")
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=("bulletin", "eventpage", events.pk)),
            nested_form_data(data),
        )
        assert response.status_code == 200  # the form comes back with an error
        assert not EventPage.objects.filter(slug="bad").exists()

    def test_partner_feed_snippet_shows_health(self):
        feed = PartnerFeed.objects.create(
            name="Партньор",
            url="https://partner.example.org/feed",
            language="bg",
            last_error="2026-03-01 10:00 HTTP 404",
        )
        response = self.client.get(
            reverse("wagtailsnippets_bulletin_partnerfeed:edit", args=(feed.pk,))
        )
        assert response.status_code == 200
        assert "HTTP 404" in response.content.decode()
        response = self.client.get(reverse("wagtailsnippets_bulletin_topic:add"))
        assert response.status_code == 200
