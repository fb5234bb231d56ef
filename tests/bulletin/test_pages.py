"""The bulletin's pages: listing, filters, archive, related articles, issues, home panels,
footer links, search and API contracts, constant queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bulletin.models import ArticlePage, BulletinIssuePage, EventPage, Topic
from bulletin.models.articles import ARTICLES_PER_PAGE

from .factories import article, bulletin_index, event, event_index, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(bg_home):
    index = bulletin_index(bg_home)
    support = Topic.objects.create(locale=bg_home.locale, name="Подкрепа", slug="podkrepa")
    border = Topic.objects.create(locale=bg_home.locale, name="Граница", slug="granica")
    for n in range(1, 4):
        page = article(index, n, date=datetime.date(2025, 6, n))
        page.topics.set([support] if n != 3 else [border])
        page.save_revision().publish()
    both = article(index, 4, date=datetime.date(2026, 1, 4))
    both.topics.set([support, border])
    both.save_revision().publish()
    return index


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def titles(html):
    return [a.text for a in html.select(".article-card .card__title a")]


def test_listing_filters_by_topic_and_year_and_archives_by_year(client, news):
    assert titles(soup(client, "/bg/bulletin/")) == ["Статия 4", "Статия 3", "Статия 2", "Статия 1"]
    assert titles(soup(client, "/bg/bulletin/?topic=granica")) == ["Статия 4", "Статия 3"]
    assert titles(soup(client, "/bg/bulletin/?topic=podkrepa&year=2025")) == [
        "Статия 2",
        "Статия 1",
    ]
    assert titles(soup(client, "/bg/bulletin/archive/2026/")) == ["Статия 4"]
    assert client.get("/bg/bulletin/?topic=nyama").status_code == 404


def test_listing_paginates_and_keeps_the_filter(client, news):
    for n in range(10, 10 + ARTICLES_PER_PAGE):
        article(news, n)
    first = soup(client, "/bg/bulletin/?year=2026")
    assert len(titles(first)) == ARTICLES_PER_PAGE
    next_link = first.select_one('a[rel="next"]')["href"]
    assert "year=2026" in next_link and "page=2" in next_link
    assert titles(soup(client, "/bg/bulletin/" + next_link)) == ["Статия 4"]
    assert client.get("/bg/bulletin/?page=99").status_code == 404
    assert client.get("/bg/bulletin/?page=abc").status_code == 200


def test_related_articles_share_topics(client, news):
    html = soup(client, "/bg/bulletin/article-3/")
    related = [a.text for a in html.select(".related .card__title a")]
    assert related == ["Статия 4"]
    html = soup(client, "/bg/bulletin/article-4/")
    related = [a.text for a in html.select(".related .card__title a")]
    assert related == ["Статия 3", "Статия 2", "Статия 1"]


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_index_and_article_queries_do_not_grow(client, news):
    support = Topic.objects.get(slug="podkrepa")
    for path in ("/bg/bulletin/", "/bg/bulletin/article-1/", "/bg/"):
        _queries(client, path)
    before = {path: _queries(client, path) for path in ("/bg/bulletin/", "/bg/bulletin/article-1/")}
    for n in range(20, 40):
        page = article(news, n)
        page.topics.set([support])
        page.save_revision().publish()
    # Publishing starts a new generation of the shared frame: the first request rebuilds it.
    after = {path: (_queries(client, path), _queries(client, path))[1] for path in before}
    assert after == before


def test_issue_page_lists_items_in_order(client, news, settings):
    first, second = (ArticlePage.objects.get(slug=f"article-{n}") for n in (1, 2))
    issue(news, 7, [second, first], [("Гореща линия", "Денонощно", "")])
    html = soup(client, "/bg/bulletin/issue-7/")
    headings = [h.text.strip() for h in html.select(".bulletin-issue__items h3")]
    assert headings == ["Статия 2", "Статия 1", "Гореща линия"]
    assert "7" in html.select_one(".bulletin-issue__number").text
    short = BulletinIssuePage.objects.get(number=7).newsletter_items()[2]
    assert short.url == f"{settings.PUBLIC_BASE_URL}/bg/bulletin/issue-7/#item-2"


def test_home_shows_news_and_upcoming_events_and_footer_links(client, news, bg_home):
    events = event_index(bg_home)
    event(events, 1, title="Предстоящо")
    event(events, 2, title="Отминало", start_date=datetime.date(2020, 1, 1))
    html = soup(client, "/bg/")
    assert "Статия 4" in html.select_one("#home-news").parent.text
    events_text = html.select_one("#home-events").parent.text
    assert "Предстоящо" in events_text and "Отминало" not in events_text
    footer = html.select_one("footer")
    hrefs = [a["href"] for a in footer.select("a")]
    assert "http://testserver/bg/bulletin/feed/rss/" in hrefs
    assert "webcal://testserver/bg/events/calendar.ics" in hrefs


def test_home_queries_do_not_grow(client, news, bg_home):
    events = event_index(bg_home)
    event(events, 1)
    _queries(client, "/bg/")
    before = _queries(client, "/bg/")
    for n in range(2, 12):
        event(events, n)
        article(news, 100 + n)
    _queries(client, "/bg/")  # publishing starts a new generation of the shared frame
    assert _queries(client, "/bg/") == before


def test_search_and_api_contracts(news, bg_home):
    page = ArticlePage.objects.get(slug="article-1")
    assert page.search_sections()[0].text == "Резюме на статия 1"
    ev = event(event_index(bg_home), 1)
    for model, instance in ((ArticlePage, page), (EventPage, ev)):
        for api_field in model.api_fields:
            getattr(instance, api_field.name)
    assert ev.ics_url.endswith("/bg/events/event-1/event.ics")
    assert page.topic_names == ["Подкрепа"]


def test_calendar_links_offer_subscription_and_download(client, bg_home, settings):
    settings.PUBLIC_BASE_URL = "https://nrm.example.bg"
    events = event_index(bg_home)
    ev = event(events, 1)
    for page, ics in ((events, "calendar.ics"), (ev, "event-1/event.ics")):
        links = soup(client, page.url).select_one("main .calendar-links")
        subscribe, download = links.select("a")
        assert subscribe["href"] == f"webcal://nrm.example.bg/bg/events/{ics}"
        assert download.has_attr("download") and download["href"].endswith(ics)
        assert (
            client.get(download["href"].removeprefix(settings.PUBLIC_BASE_URL)).status_code == 200
        )
        assert links.select_one(".calendar-links__label").get_text(strip=True)
