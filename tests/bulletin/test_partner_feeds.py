"""Partner feeds fetched over real HTTP from a server on 127.0.0.1 (allowed through
PARTNER_FEED_ALLOWED_NETWORKS), including every way a feed can fail and every way a feed URL
could reach an internal address."""

import contextlib
import http.server
import threading
import time
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from bulletin.models import PartnerFeed, PartnerNewsItem, PartnerNewsPage
from bulletin.partner_fetch import fetch_feed
from bulletin.tasks import fetch_partner_feeds_task

pytestmark = pytest.mark.django_db

GOOD_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Партньор</title><link>https://partner.example.org/</link>
<description>Новини</description>
<item><title>Първа новина</title><link>https://partner.example.org/1</link>
<guid>partner-1</guid><pubDate>Mon, 02 Mar 2026 10:00:00 +0200</pubDate>
<description>&lt;p onclick="x()"&gt;Текст &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src="https://tracker.example/p.gif"&gt;&lt;a href="javascript:evil()"&gt;връзка&lt;/a&gt;&lt;/p&gt;</description></item>
<item><title>Втора новина</title><link>https://partner.example.org/2</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 +0200</pubDate><description>Кратко</description></item>
<item><title>Втора новина (дубликат)</title><link>https://partner.example.org/2</link>
<description>Същата връзка</description></item>
</channel></rss>"""

GOOD_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Partner</title><id>urn:partner</id>
<updated>2026-03-04T10:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:partner:entry:1</id>
<link href="https://partner.example.org/atom/1"/><updated>2026-03-04T10:00:00Z</updated>
<summary type="html">&lt;b&gt;Bold&lt;/b&gt; news</summary></entry></feed>"""

ETAG = '"v1"'


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body, content_type="application/xml", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        # The fetcher may give up first (slow or huge responses).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def do_GET(self):
        self.server.requests.append((self.path, dict(self.headers)))
        if self.path == "/rss.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, GOOD_RSS, headers=[("ETag", ETAG)])
        elif self.path == "/atom.xml":
            self._send(200, GOOD_ATOM, "application/atom+xml")
        elif self.path == "/broken.xml":
            self._send(200, GOOD_RSS[: len(GOOD_RSS) // 2] + "<unclosed><<")
        elif self.path == "/page.html":
            self._send(
                200, "<!doctype html><html><body><h1>Not a feed</h1></body></html>", "text/html"
            )
        elif self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect?to="))
            self.end_headers()
        elif self.path == "/slow.xml":
            time.sleep(3)
            self._send(200, GOOD_RSS)
        elif self.path == "/huge.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(b"<rss>" + b" " * (3 * 1024 * 1024))
        else:
            self._send(404, "not found", "text/plain")


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def allow_the_test_server(settings):
    """The test server is on 127.0.0.1 and only that address is allowed."""
    settings.PARTNER_FEED_ALLOWED_NETWORKS = ["127.0.0.1/32"]


def feed_for(server, path, language="bg"):
    url = f"http://127.0.0.1:{server.server_port}{path}"
    return PartnerFeed.objects.create(name=f"Партньор {path}", url=url, language=language)


def test_good_rss_is_stored_sanitised_and_deduplicated(server):
    feed = feed_for(server, "/rss.xml")
    result = fetch_feed(feed, timeout=2)
    assert result.status == "ok" and result.new_items == 2
    first = PartnerNewsItem.objects.get(guid__endswith="partner-1")
    assert first.title == "Първа новина" and first.link == "https://partner.example.org/1"
    assert "<script" not in first.summary_html and "onclick" not in first.summary_html
    assert "<img" not in first.summary_html  # no requests to third parties
    assert "javascript:" not in first.summary_html
    assert "Текст" in first.summary_html
    feed.refresh_from_db()
    assert feed.healthy and feed.etag == ETAG and feed.last_error == ""


def test_conditional_get_skips_unchanged_feeds(server):
    feed = feed_for(server, "/rss.xml")
    fetch_feed(feed, timeout=2)
    server.requests.clear()
    result = fetch_feed(feed, timeout=2)
    assert result.status == "not-modified"
    assert server.requests[0][1].get("If-None-Match") == ETAG
    assert PartnerNewsItem.objects.filter(feed=feed).count() == 2


def test_fetching_again_adds_no_duplicates(server):
    feed = feed_for(server, "/rss.xml")
    fetch_feed(feed, timeout=2)
    feed.etag = ""
    feed.save()
    assert fetch_feed(feed, timeout=2).new_items == 0
    assert PartnerNewsItem.objects.filter(feed=feed).count() == 2


def test_good_atom_is_stored(server):
    feed = feed_for(server, "/atom.xml", language="en")
    assert fetch_feed(feed, timeout=2).new_items == 1
    item = feed.items.get()
    assert item.guid == "urn:partner:entry:1" and "<b>Bold</b>" in item.summary_html


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/broken.xml", "malformed"),
        ("/page.html", "not a feed"),
        ("/missing.xml", "HTTP 404"),
        ("/slow.xml", "unreachable"),
        ("/huge.xml", "too large"),
    ],
)
def test_failing_feeds_are_recorded_and_keep_earlier_items(server, path, message):
    feed = feed_for(server, path)
    earlier = PartnerNewsItem.objects.create(
        feed=feed, guid="old", title="Стара новина", published="2026-01-01T00:00Z"
    )
    result = fetch_feed(feed, timeout=1, max_bytes=1024 * 1024)
    assert result.status == "error"
    feed.refresh_from_db()
    assert message in feed.last_error
    assert not feed.healthy and feed.last_checked is not None
    assert list(feed.items.all()) == [earlier]


def test_command_reports_progress_and_never_crashes(server):
    feed_for(server, "/rss.xml")
    feed_for(server, "/page.html")
    PartnerFeed.objects.create(
        name="Изключен", url="http://127.0.0.1:9/x", language="bg", active=False
    )
    out = StringIO()
    call_command("fetch_partner_feeds", "--timeout", "2", stdout=out)
    output = out.getvalue()
    assert "/rss.xml (bg): 2 new items" in output
    assert "/page.html (bg): not a feed" in output
    assert "2 feeds, 2 new items, 1 failed." in output
    assert "Изключен" not in output


def test_background_task_fetches_active_feeds(server):
    feed_for(server, "/atom.xml", language="en")
    result = fetch_partner_feeds_task.enqueue()
    assert result.return_value == {"feeds": 1, "new_items": 1, "errors": 0}
    out = StringIO()
    call_command("fetch_partner_feeds", "--enqueue", stdout=out)
    assert "Queued" in out.getvalue()


def test_partner_news_page_and_home_show_attributed_items(client, server, bg_home):
    feed = feed_for(server, "/rss.xml")
    feed.website = "https://partner.example.org/"
    feed.save()
    fetch_feed(feed, timeout=2)
    page = PartnerNewsPage(title="Новини от партньори", slug="partnori")
    bg_home.add_child(instance=page)
    page.save_revision().publish()
    html = BeautifulSoup(client.get("/bg/partnori/").content, "html.parser")
    links = [a["href"] for a in html.select(".partner-item__title a")]
    assert links == ["https://partner.example.org/2", "https://partner.example.org/1"]
    assert html.select_one('.partner-item__meta a[href="https://partner.example.org/"]')
    home = BeautifulSoup(client.get("/bg/").content, "html.parser")
    assert "Първа новина" in home.select_one("#home-partners").parent.text
    english_home = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert english_home.select_one("#home-partners") is None


def test_internal_addresses_are_refused_without_the_allow_list(server, settings):
    settings.PARTNER_FEED_ALLOWED_NETWORKS = []
    server.requests.clear()
    feed = feed_for(server, "/rss.xml")
    result = fetch_feed(feed, timeout=2)
    assert result.status == "error"
    assert result.error.startswith("refused: ") and "127.0.0.1" in result.error
    assert server.requests == []  # refused before connecting
    assert not feed.items.exists()


@pytest.mark.parametrize(
    "host",
    [
        "localhost",  # a name that resolves to loopback: checked after resolution
        "127.0.0.2",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "10.0.0.1",
        "192.168.1.1",
        "172.16.0.1",
        "169.254.169.254",  # cloud metadata
        "100.100.100.200",  # shared address space (another cloud's metadata)
        "[fd00:ec2::254]",
        "0.0.0.0",  # noqa: S104 (an address the fetcher must refuse)
    ],
)
def test_non_public_hosts_are_refused_with_a_reason(host, settings):
    settings.PARTNER_FEED_ALLOWED_NETWORKS = []
    feed = PartnerFeed.objects.create(name="Вътрешен", url=f"http://{host}:9/feed", language="bg")
    result = fetch_feed(feed, timeout=1)
    assert result.status == "error" and result.error.startswith("refused: ")
    feed.refresh_from_db()
    assert "refused: " in feed.last_error and host.strip("[]") in feed.last_error


def test_a_redirect_to_an_internal_address_is_refused(server):
    """The first hop is allowed; the redirect target (loopback, not on the allow-list) is
    checked again and refused."""
    target = f"http://127.0.0.2:{server.server_port}/rss.xml"
    server.requests.clear()
    feed = feed_for(server, f"/redirect?to={target}")
    result = fetch_feed(feed, timeout=2)
    assert result.status == "error" and "127.0.0.2" in result.error
    assert [path for path, _ in server.requests] == [f"/redirect?to={target}"]


def test_an_allowed_redirect_is_followed(server):
    target = f"http://127.0.0.1:{server.server_port}/atom.xml"
    feed = feed_for(server, f"/redirect?to={target}", language="en")
    assert fetch_feed(feed, timeout=2).new_items == 1


def test_a_redirect_to_another_scheme_is_refused(server):
    feed = feed_for(server, "/redirect?to=file:///etc/passwd")
    result = fetch_feed(feed, timeout=2)
    assert result.status == "error" and not feed.items.exists()


def test_the_editor_is_told_when_a_feed_url_is_internal(admin_client, settings):
    settings.PARTNER_FEED_ALLOWED_NETWORKS = []
    response = admin_client.post(
        "/admin/snippets/bulletin/partnerfeed/add/",
        {"name": "Вътрешен", "url": "http://localhost/feed.xml", "language": "bg", "active": "on"},
    )
    assert response.status_code == 200
    assert "internal address" in response.content.decode() or "вътрешен адрес" in (
        response.content.decode()
    )
    assert not PartnerFeed.objects.exists()
