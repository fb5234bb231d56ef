"""Page actions registered once (portal.admin_actions) appear both in the page listing's
"More" menu and in the page's header, only on their page types and only for editors
allowed to take them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.bulletin.factories import article, bulletin_index, issue
from tests.handbook.factories import make_book

pytestmark = pytest.mark.django_db


def listing(client, parent):
    return client.get(reverse("wagtailadmin_explore", args=[parent.pk])).content.decode()


def header(client, page):
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()


def test_send_by_email_and_import_from_word_in_the_listing_and_the_header(admin_client, bg_home):
    index = bulletin_index(bg_home)
    news = article(index)
    number_one = issue(index, 1, [news])
    book = make_book(bg_home, chapters=0)
    send = reverse("newsletter_send_issue", args=[number_one.pk])
    word = reverse("handbook_word_import_start", args=[book.pk])

    assert send in listing(admin_client, index) and send in header(admin_client, number_one)
    assert word in listing(admin_client, bg_home) and word in header(admin_client, book)
    # Not on other page types.
    assert "/admin/newsletter/send/" not in header(admin_client, news)
    assert "/admin/word-import/" not in header(admin_client, news)


def test_send_by_email_is_not_offered_to_editors_who_may_not_publish(client, bg_home):
    number_one = issue(bulletin_index(bg_home), 1, [])
    # Wagtail's "Editors" may add and change pages, not publish them.
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[number_one.pk]))
    assert response.status_code == 200
    assert "/admin/newsletter/send/" not in response.content.decode()
    assert "/admin/newsletter/send/" not in listing(client, number_one.get_parent())
