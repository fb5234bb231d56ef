"""Editors see at a glance which English versions are missing, up to date or out of date
with their Bulgarian source, with the strings still untranslated and the action to take."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import TranslationSource

from bulletin.models import Topic
from portal.demo.translation import translate
from portal.models import ContentPage
from portal.translation_status import MISSING, OUT_OF_DATE, UP_TO_DATE, translation_status

pytestmark = pytest.mark.django_db


def _page(parent, title, slug, intro=""):
    page = ContentPage(title=title, slug=slug, intro=intro)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def pages(bg_home, en_locale):
    translated = _page(bg_home, "Контакти", "kontakti", intro="Телефон")
    translate(translated, ContentPage(title="Contacts", slug="contacts", intro="Phone"), en_locale)
    untranslated = _page(bg_home, "Горещи линии", "goreshti-linii")
    return translated, untranslated


def _row(report, obj):
    [row] = [r for r in report.rows if r.source.pk == obj.pk and type(r.source) is type(obj)]
    return row


def _republish(page, **changes):
    page = ContentPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_missing_up_to_date_and_out_of_date(admin_user, pages):
    translated, untranslated = pages
    report = translation_status(admin_user)
    missing = _row(report, untranslated)
    assert missing.state == MISSING
    assert missing.action_url == reverse(
        "wagtail_localize:submit_page_translation", args=[untranslated.pk]
    )
    current = _row(report, translated)
    assert (current.state, current.untranslated) == (UP_TO_DATE, 0)
    assert current.translation_edit_url.startswith("/admin/pages/")

    # Published again with the same text (a new status, new links): nothing to translate.
    _republish(translated)
    assert _row(translation_status(admin_user), translated).state == UP_TO_DATE

    # The source is changed and published: its English version is now out of date.
    _republish(translated, intro="Телефон и имейл")
    stale = _row(translation_status(admin_user), translated)
    source = TranslationSource.objects.get(object_id=translated.translation_key)
    assert stale.state == OUT_OF_DATE
    assert stale.action_url == reverse("wagtail_localize:update_translations", args=[source.pk])

    # After the sync the new string waits for its translation.
    source.update_from_db()
    synced = _row(translation_status(admin_user), translated)
    assert (synced.state, synced.untranslated) == (UP_TO_DATE, 1)


def test_an_alias_counts_as_missing(admin_user, bg_home, en_locale):
    page = _page(bg_home, "Адреси", "adresi")
    page.copy_for_translation(en_locale, alias=True)
    assert _row(translation_status(admin_user), page).state == MISSING


def test_snippets_are_covered(admin_user, bg_locale, en_locale):
    topic = Topic.objects.create(locale=bg_locale, name="Превенция", slug="preventsia")
    row = _row(translation_status(admin_user), topic)
    assert row.state == MISSING
    assert row.action_url == reverse(
        "wagtail_localize:submit_snippet_translation", args=["bulletin", "topic", topic.pk]
    )
    translate(topic, Topic(name="Prevention", slug="preventsia"), en_locale)
    assert _row(translation_status(admin_user), topic).state == UP_TO_DATE
    topic.name = "Превенция на трафика"
    topic.save()
    assert _row(translation_status(admin_user), topic).state == OUT_OF_DATE


def test_dashboard_panel_and_report(admin_client, pages):
    translated, untranslated = pages
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Състояние на преводите" in dashboard
    assert reverse("translation_status_report") + "?state=missing" in dashboard

    report = admin_client.get(reverse("translation_status_report"), {"state": "missing"})
    html = report.content.decode()
    assert untranslated.title in html and translated.title not in html
    assert reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk]) in html


def test_publishing_says_which_translation_is_missing(admin_client, pages):
    _translated, untranslated = pages
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[untranslated.pk]),
        nested_form_data(
            {
                "title": untranslated.title,
                "slug": untranslated.slug,
                "intro": "",
                "body": streamfield([]),
                "action-publish": "publish",
            }
        ),
        follow=True,
    )
    html = response.content.decode()
    assert "„Горещи линии“ още няма версия на английски" in html
    assert reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk]) in html
