"""The issue editor is offered the next issue number, and its article picker opens at the
news index with the newest articles first."""

import datetime
import re

import pytest
from django.urls import reverse

from .factories import article, bulletin_index, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(bg_home):
    index = bulletin_index(bg_home)
    old = article(index, 1, title="Стара статия", date=datetime.date(2026, 1, 5))
    new = article(index, 2, title="Нова статия", date=datetime.date(2026, 3, 5))
    middle = article(index, 3, title="Средна статия", date=datetime.date(2026, 2, 5))
    issue(index, 7, [old])
    return index, [new, middle, old]


def test_a_new_issue_is_offered_the_next_number(admin_client, news):
    index, _articles = news
    url = reverse("wagtailadmin_pages:add", args=["bulletin", "bulletinissuepage", index.pk])
    html = admin_client.get(url).content.decode()
    assert re.search(r'<input[^>]*name="number"[^>]*value="8"', html)


def test_the_article_picker_opens_at_the_news_index_newest_first(admin_client, news):
    index, newest_first = news
    edit = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["bulletin", "bulletinissuepage", index.pk])
    ).content.decode()
    picker = reverse("bulletin_choose_article")
    assert picker in edit

    response = admin_client.get(picker, {"page_type": "bulletin.articlepage"})
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("wagtailadmin_choose_page_child", args=[index.pk])
    )
    listing = admin_client.get(response["Location"]).json()["html"]
    positions = [listing.index(page.title) for page in newest_first]
    assert positions == sorted(positions)

    # Browsing elsewhere from the picker goes on as in Wagtail's own chooser.
    elsewhere = admin_client.get(
        reverse("bulletin_choose_article_child", args=[index.get_parent().pk]),
        {"page_type": "bulletin.articlepage"},
    )
    assert elsewhere["Location"].startswith(
        reverse("wagtailadmin_choose_page_child", args=[index.get_parent().pk])
    )
