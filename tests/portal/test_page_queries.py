"""Queries per page type on the demo site, with the page cache off (the test settings'
PAGE_CACHE_SECONDS=0): each page type stays under its ceiling, the count does not grow as
content grows, and the shared frame (menu, footer, sections) costs nothing once cached."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Site

from bulletin.models import ArticlePage, BulletinIndexPage
from handbook.models import ChapterPage, HandbookPage
from polls.models import Poll
from portal import locales, site_frame, visibility
from portal.models import ContentPage
from tests.factories import publish

pytestmark = pytest.mark.django_db

# The highest count of the page type in either language, as measured (before the site frame
# cache, the locale memo and the shared restriction check they were 16-62).
CEILINGS = {
    "home": 14,
    "content": 6,
    "article": 10,
    "news index": 11,
    "bulletin issue": 10,
    "event": 11,
    "events index": 10,
    "chapter": 11,
    "handbook": 10,
    "whole book": 9,
    "standards index": 7,
    "guidance document": 14,
    "training index": 10,
    "training module": 11,
    "lesson": 11,
    "partner news": 8,
    "project": 6,
    "poll": 8,
    "search": 18,  # the results and the suggestions of the vocabulary
    "API list": 7,
    "API detail": 10,
}


def _first_url(model, language):
    page = model.objects.live().filter(locale__language_code=language).order_by("path").first()
    return page.url


def page_urls():
    """One address per page type and language on the demo site."""
    from bulletin.models import BulletinIssuePage, EventIndexPage, EventPage, PartnerNewsPage
    from handbook.models import GuidanceDocumentPage, StandardsIndexPage
    from portal.models import HomePage, ProjectPage
    from training.models import LessonPage, TrainingIndexPage, TrainingModulePage

    types = {
        "home": HomePage,
        "content": ContentPage,
        "article": ArticlePage,
        "news index": BulletinIndexPage,
        "bulletin issue": BulletinIssuePage,
        "event": EventPage,
        "events index": EventIndexPage,
        "chapter": ChapterPage,
        "handbook": HandbookPage,
        "standards index": StandardsIndexPage,
        "guidance document": GuidanceDocumentPage,
        "training index": TrainingIndexPage,
        "training module": TrainingModulePage,
        "lesson": LessonPage,
        "partner news": PartnerNewsPage,
        "project": ProjectPage,
    }
    urls = {}
    for language in ("bg", "en"):
        for name, model in types.items():
            urls[name, language] = _first_url(model, language)
        urls["whole book", language] = _first_url(HandbookPage, language) + "all/"
        poll = Poll.objects.filter(locale__language_code=language).order_by("pk").first()
        urls["poll", language] = f"/{language}/polls/{poll.pk}/"
    urls["search", "bg"] = "/bg/search/?q=трафик"
    urls["search", "en"] = "/en/search/?q=trafficking"
    home = Site.objects.get(is_default_site=True).root_page_id
    urls["API list", "-"] = "/api/v3/pages/"
    urls["API detail", "-"] = f"/api/v3/pages/{home}/"
    return urls


def queries(client, url):
    client.get(url)  # a running server has its caches warm (site root paths, the frame)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def counts(client):
    return {key: queries(client, url) for key, url in page_urls().items()}


def add_content(count):
    """More of everything a page lists: top-level pages (the menu), articles, chapters."""
    bg = Locale.objects.get(language_code="bg")
    home = Site.objects.get(is_default_site=True).root_page
    news = BulletinIndexPage.objects.filter(locale=bg).first()
    book = HandbookPage.objects.filter(locale=bg).first()
    template = ArticlePage.objects.filter(locale=bg).first()
    for number in range(count):
        publish(ContentPage(title=f"Още {number}", slug=f"more-{number}", show_in_menus=True), home)
        template.copy(
            to=news, update_attrs={"slug": f"more-news-{number}", "title": f"Новина {number}"}
        )
        publish(ChapterPage(title=f"Глава {number}", slug=f"more-ch-{number}", body=[]), book)


def test_every_page_type_stays_under_its_ceiling_and_constant_as_content_grows(
    client, demo_content
):
    before = counts(client)
    over = {key: count for key, count in before.items() if count > CEILINGS[key[0]]}
    assert not over, over
    add_content(6)
    after = counts(client)
    # Search differs with which page types the results hold (the added pages match the
    # query), not with how many results there are.
    assert {k: v for k, v in after.items() if k[0] != "search"} == {
        k: v for k, v in before.items() if k[0] != "search"
    }


def test_the_frame_costs_at_most_three_queries_and_none_from_the_cache(demo_content, client):
    client.get("/en/")  # the site root paths, as on a running server
    request = RequestFactory().get("/en/about/")
    # As Wagtail finds it for a request: with its root page.
    request._wagtail_site = Site.objects.select_related("root_page").get(is_default_site=True)
    request.user, request.session = AnonymousUser(), {}
    locale_token = locales._memo.set({})
    visitor_token = visibility._request.set(request)
    try:
        with translation.override("en"):
            Locale.get_active()  # read once per request for routing
            assert visibility.for_request(request).hidden_page_paths == []  # likewise
            site_frame.invalidate()
            with CaptureQueriesContext(connection) as cold:
                frame = site_frame.for_request(request)
            del request._site_frame
            with CaptureQueriesContext(connection) as warm:
                assert site_frame.for_request(request) == frame
    finally:
        visibility._request.reset(visitor_token)
        locales._memo.reset(locale_token)
    # Home and menu, organisation and footer, the footer's translation.
    assert len(cold) <= 3, [q["sql"] for q in cold]
    assert len(warm) == 0, [q["sql"] for q in warm]
    assert frame.home_url == "/en/"
    assert "/en/about/" in [item.url for item in frame.menu]


def menu(client, url="/bg/za-nas/"):
    html = client.get(url).content.decode()
    return html.split('class="main-menu"')[1].split("</nav>")[0]


def test_a_new_top_level_page_appears_in_the_menu_at_once(client, demo_content):
    assert "Нова страница" not in menu(client)
    home = Site.objects.get(is_default_site=True).root_page
    page = publish(ContentPage(title="Нова страница", slug="nova", show_in_menus=True), home)
    assert "Нова страница" in menu(client)
    page.unpublish()
    assert "Нова страница" not in menu(client)
    page.save_revision().publish()
    assert "Нова страница" in menu(client)


def test_a_privacy_change_updates_the_frame_at_once(client, demo_content):
    about = ContentPage.objects.get(url_path="/home/za-nas/")
    assert about.title in menu(client, "/bg/")
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert about.title not in menu(client, "/bg/")
    restriction.delete()
    assert about.title in menu(client, "/bg/")


def test_the_frame_is_in_the_page_language_and_the_switcher_points_to_each_page(
    client, demo_content
):
    bg_about = ContentPage.objects.get(url_path="/home/za-nas/")
    en_about = bg_about.get_translation(Locale.objects.get(language_code="en"))
    for page, other in ((bg_about, en_about), (en_about, bg_about)):
        html = client.get(page.url).content.decode()
        switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
        assert f'href="{other.url}"' in switcher
        assert f'href="{page.url}" aria-current="page"' in menu(client, page.url)
    chapter = ChapterPage.objects.live().filter(locale__language_code="bg").first()
    html = client.get(chapter.url).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert chapter.get_translation(Locale.objects.get(language_code="en")).url in switcher


def test_breadcrumbs_without_queries_name_every_ancestor(client, demo_content):
    chapter = ChapterPage.objects.live().filter(locale__language_code="en").first()
    html = client.get(chapter.url).content.decode()
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    book = Page.objects.get(pk=chapter.get_parent().pk)
    assert 'href="/en/"' in crumbs and f'href="{book.url}"' in crumbs
