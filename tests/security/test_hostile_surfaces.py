"""Hostile titles and text (a script, a `javascript:` link) in the demo content's chapters,
articles, events, lessons, polls and partner news, in both languages, stay harmless on every
surface they reach: the pages, search results, feeds, calendars, the newsletter email, the
API's JSON and the partner news page."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from icalendar import Calendar

from bulletin.models import ArticlePage, BulletinIssuePage, EventPage, PartnerFeed, PartnerNewsPage
from bulletin.partner_fetch import fetch_feed
from handbook.models import ChapterPage
from newsletter.emails import IssueMail
from polls.models import Poll
from tests.factories import publish
from training.models import LessonPage

from .test_hostile_content import LINK, SCRIPT, assert_harmless

pytestmark = pytest.mark.django_db

PARTNER_FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Partner</title><link>http://127.0.0.1/</link>
<item><title>Partner {SCRIPT.replace("<", "&lt;")}</title><link>javascript:alert(1)</link>
<guid>hostile-1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate>
<description>&lt;p&gt;Partner text {SCRIPT.replace("<", "&lt;")} {LINK.replace("<", "&lt;")}&lt;/p&gt;</description></item>
</channel></rss>""".encode()


class HostileFeed(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(PARTNER_FEED)))
        self.end_headers()
        self.wfile.write(PARTNER_FEED)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner_feed_url(settings):
    # The hostile feed is served on 127.0.0.1, which the fetcher refuses unless allowed.
    settings.PARTNER_FEED_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostileFeed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/feed.xml"
    server.shutdown()


PLAIN_TEXT = {
    f"{name} {SCRIPT}" for name in ("ChapterPage", "ArticlePage", "EventPage", "LessonPage")
} | {
    f"BulletinIssuePage {SCRIPT}",
    f"Section {SCRIPT}",
    f"Quote {SCRIPT}",
    LINK,
    f"Summary {SCRIPT} {LINK}",
    f"Venue {SCRIPT}",
    f"Intro {SCRIPT} {LINK}",
}


def hostile(model, language):
    """The first published page of a type in one language, retitled with a script."""
    page = model.objects.live().filter(locale__language_code=language).first()
    page.title = f"{model.__name__} {SCRIPT}"
    return page


def make_hostile(language):
    chapter = hostile(ChapterPage, language)
    chapter.body.append(
        ("heading", {"level": "2", "text": f"Section {SCRIPT}", "anchor": "hostile-section"})
    )
    chapter.body.append(("quote", {"quote": f"Quote {SCRIPT}", "source": LINK}))
    article = hostile(ArticlePage, language)
    article.summary = f"Summary {SCRIPT} {LINK}"
    event = hostile(EventPage, language)
    event.venue = f"Venue {SCRIPT}"
    lesson = hostile(LessonPage, language)
    lesson.intro = f"Intro {SCRIPT} {LINK}"
    issue = hostile(BulletinIssuePage, language)
    pages = [publish(p) for p in (chapter, article, event, lesson, issue)]
    poll = Poll.objects.filter(locale__language_code=language, closes_at__isnull=True).first()
    poll = poll or Poll.objects.filter(locale__language_code=language).first()
    poll.question = f"Poll {SCRIPT}"
    poll.save()
    return pages, poll


def html_surfaces(client, pages, poll, language):
    _chapter, article, event, _lesson, _issue = pages
    with translation.override(language):
        poll_page = poll.url_path()
    paths = [p.url for p in pages] + [
        poll_page,
        article.get_parent().url,
        event.get_parent().url,
        f"/{language}/search/?q=script",
        f"/{language}/search/?q=alert",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response.content


def test_hostile_content_is_harmless_on_every_surface(demo_content, client, partner_feed_url):
    for language in ("bg", "en"):
        check_every_surface(client, language)
    check_partner_news(client, partner_feed_url)


def check_every_surface(client, language):
    pages, poll = make_hostile(language)
    _chapter, article, event, _lesson, issue = pages

    for path, html in html_surfaces(client, pages, poll, language):
        assert_harmless(html, path)
    results = BeautifulSoup(client.get(f"/{language}/search/?q=script").content, "html.parser")
    assert results.select(".search-result"), "the hostile pages should be found"

    # Feeds: the title is text in the XML, never markup that a reader would run.
    index = article.get_parent().url
    for feed in ("feed/rss/", "feed/atom/"):
        body = client.get(index + feed).content.decode()
        assert ("<script>" not in body and "&lt;script&gt;" in body) or "<![CDATA[" in body
        assert 'href="javascript:' not in body

    # Calendars: one SUMMARY property, the script only as text, nothing injected.
    for path in (event.url + "event.ics", event.get_parent().url + "calendar.ics"):
        calendar = Calendar.from_ical(client.get(path).content)
        summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        assert f"EventPage {SCRIPT}" in summaries, path

    # The newsletter email: the HTML part escapes; the subject and the text part are plain
    # text (shown as such by mail programs), with no line break to inject headers.
    mail = IssueMail(issue, language)
    assert_harmless(mail.html.encode(), "newsletter email")
    assert mail.subject.endswith(issue.title)
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert issue.title in mail.text

    # The API's JSON gives plain-text fields back as the strings typed (a client shows them as
    # text); no string that is markup (rich text, rendered blocks) carries a script or link.
    for page in pages:
        response = client.get(f"/api/v3/pages/{page.pk}/")
        assert response.status_code == 200
        data = response.json()
        assert data["title"] == f"{type(page).__name__} {SCRIPT}"
        for value in strings(data):
            if value not in PLAIN_TEXT:
                assert "<script" not in value and "javascript:" not in value, value


def strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def check_partner_news(client, partner_feed_url):
    feed = PartnerFeed.objects.create(
        name=f"Partner {SCRIPT}", url=partner_feed_url, language="bg", active=True
    )
    fetch_feed(feed)
    assert feed.items.count() == 1
    page = PartnerNewsPage.objects.live().filter(locale__language_code="bg").first()
    html = client.get(page.url).content
    assert_harmless(html, page.url)
    assert b"Partner text" in html
