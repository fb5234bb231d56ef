"""RSS and Atom feeds that real feed readers and the W3C validator accept."""

import email.utils
import re
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from bulletin.models import Topic

from .factories import article, bulletin_index

pytestmark = pytest.mark.django_db

RSS = "/bg/bulletin/feed/rss/"
ATOM = "/bg/bulletin/feed/atom/"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(bg_home, settings):
    settings.PUBLIC_BASE_URL = "https://nrm.example.bg"
    index = bulletin_index(bg_home)
    topic = Topic.objects.create(locale=bg_home.locale, name="Подкрепа", slug="podkrepa")
    image = Image.objects.create(title="Снимка", file=get_test_image_file())
    image.get_file_size()  # stored on upload by the admin
    first = article(index, 1, author="Мария Иванова", lead_image=image, lead_image_alt="Среща")
    first.topics.set([topic])
    first.save_revision().publish()
    article(index, 2, body=[("paragraph", "<p>Пълен <b>текст</b></p>")])
    return index, topic


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def test_rss_feed_is_valid_and_complete(client, news):
    response, parsed = parse(client, RSS)
    assert response["Content-Type"].startswith("application/rss+xml")
    assert parsed.version == "rss20"
    assert parsed.feed.language == "bg"
    assert parsed.feed.link == "https://nrm.example.bg/bg/bulletin/"
    self_links = [link for link in parsed.feed.links if link.rel == "self"]
    assert self_links[0].href == "https://nrm.example.bg" + RSS
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Статия 2", "Статия 1"]
    entry = parsed.entries[1]
    assert entry.link == "https://nrm.example.bg/bg/bulletin/article-1/"
    assert entry.id.startswith("urn:uuid:") and not entry.guidislink
    assert entry.published_parsed and entry.summary == "Резюме на статия 1"
    enclosure = entry.enclosures[0]
    assert enclosure.href.startswith("https://nrm.example.bg/media/")
    assert enclosure.type == "image/png" and int(enclosure.length) > 0
    assert [tag.term for tag in entry.tags] == ["Подкрепа"]
    assert "<b>текст</b>" in parsed.entries[0].content[0].value


def test_feed_readers_see_clean_headings(client, bg_home):
    """No "link to this section" helper text and no "#" in a heading of the feed content; the
    site's page still has both."""
    index = bulletin_index(bg_home)
    heading = {"level": "2", "text": "Какво се промени", "anchor": "promeni"}
    page = article(index, 3, body=[("heading", heading), ("paragraph", "<p>Текст</p>")])
    _response, parsed = parse(client, RSS)
    content = BeautifulSoup(parsed.entries[0].content[0].value, "html.parser")
    assert content.h2.get_text() == "Какво се промени"
    assert not content.select("a, .visually-hidden")
    on_the_site = BeautifulSoup(client.get(page.url).content, "html.parser").select_one(
        "h2#promeni"
    )
    assert on_the_site.select_one("a.anchor-link")["href"] == "#promeni"


def test_rss_follows_the_validator_rules(client, news):
    root = ElementTree.fromstring(client.get(RSS).content)
    channel = root.find("channel")
    for required in ("title", "link", "description", "language"):
        assert channel.findtext(required), required
    for item in channel.findall("item"):
        # RFC 822 dates, a GUID and no relative links.
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo
        assert item.findtext("guid")
        assert item.findtext("link").startswith("https://")
        enclosure = item.find("enclosure")
        if enclosure is not None:
            assert enclosure.get("length").isdigit() and enclosure.get("type")


def test_atom_feed_is_valid_and_complete(client, news):
    response, parsed = parse(client, ATOM)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.version == "atom10"
    root = ElementTree.fromstring(response.content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "bg"
    # The validator requires id, title, updated and an author for the feed or each entry.
    for required in ("id", "title", "updated", "author"):
        assert root.find(ATOM_NS + required) is not None, required
    for entry in root.findall(ATOM_NS + "entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(ATOM_NS + required) is not None, required
    assert "<b>текст</b>" in parsed.entries[0].content[0].value
    assert any(link.rel == "enclosure" for link in parsed.entries[1].links)


def test_guids_stay_the_same_when_an_article_is_renamed(client, news):
    index, _ = news
    before = parse(client, RSS)[1].entries[1].id
    page = index.get_children().get(slug="article-1").specific
    page.title, page.slug = "Ново заглавие", "novo"
    page.save_revision().publish()
    after = parse(client, RSS)[1]
    assert after.entries[1].id == before
    assert after.entries[1].link.endswith("/novo/")


def test_hostile_editor_input_still_gives_a_valid_feed(client, news):
    index, _ = news
    article(
        index,
        3,
        title="Тест\x0b с \x01контролни\x1f знаци <script>alert(1)</script>",
        summary="",
        author="Автор\x0c",
        body=[("paragraph", "<p>Текст\x08 с\x02 знак</p>")],
    )
    for path in (RSS, ATOM):
        response, parsed = parse(client, path)
        assert b"<script>" not in response.content
        hostile = parsed.entries[0]
        assert hostile.title == "Тест с контролни знаци <script>alert(1)</script>"
        assert hostile.summary  # an empty summary falls back to the title
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", response.content)


def test_feeds_carry_only_their_language(client, news, en_home):
    english = bulletin_index(en_home, slug="news")
    article(english, 9, title="English article", slug="english")
    _, bulgarian = parse(client, RSS)
    _, english_feed = parse(client, "/en/news/feed/rss/")
    assert "English article" not in [entry.title for entry in bulgarian.entries]
    assert [entry.title for entry in english_feed.entries] == ["English article"]
    assert english_feed.feed.language == "en"


def test_topic_feeds_contain_only_the_topic(client, news):
    for path in ("/bg/bulletin/topic/podkrepa/feed/rss/", "/bg/bulletin/topic/podkrepa/feed/atom/"):
        _, parsed = parse(client, path)
        assert [entry.title for entry in parsed.entries] == ["Статия 1"]
        assert "Подкрепа" in parsed.feed.title
    assert client.get("/bg/bulletin/topic/nyama/feed/rss/").status_code == 404


def test_conditional_get_answers_304_until_something_changes(client, news):
    index, _ = news
    first = client.get(RSS)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(RSS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(RSS, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    article(index, 4)
    changed = client.get(RSS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_unpublished_articles_leave_the_feed(client, news):
    index, _ = news
    index.get_children().get(slug="article-2").specific.unpublish()
    _, parsed = parse(client, RSS)
    assert [entry.title for entry in parsed.entries] == ["Статия 1"]


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_feed_queries_do_not_grow_with_the_number_of_articles(client, news):
    index, topic = news
    feeds = (RSS, ATOM)
    for feed in feeds:  # the first request of each builds the shared site parts and route
        _queries(client, feed)
    few = {feed: _queries(client, feed) for feed in feeds}
    for n in range(10, 40):
        page = article(index, n)
        page.topics.set([topic])
        page.save_revision().publish()
    for feed in feeds:  # publishing starts a new generation of the shared site parts
        _queries(client, feed)
    assert {feed: _queries(client, feed) for feed in feeds} == few


def test_pages_announce_their_feeds(client, news):
    html = BeautifulSoup(client.get("/bg/bulletin/article-1/").content, "html.parser")
    alternates = {
        (link["type"], link["href"])
        for link in html.select('link[rel="alternate"][type]')
        if link.get("type") != "text/html"
    }
    assert ("application/rss+xml", "https://nrm.example.bg" + RSS) in alternates
    assert ("application/atom+xml", "https://nrm.example.bg" + ATOM) in alternates
    assert (
        "application/rss+xml",
        "https://nrm.example.bg/bg/bulletin/topic/podkrepa/feed/rss/",
    ) in alternates
    home = BeautifulSoup(client.get("/bg/").content, "html.parser")
    assert home.select_one('link[rel="alternate"][type="application/rss+xml"]')
