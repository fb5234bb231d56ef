"""Anonymous visitors get cached pages; publishing invalidates them and purges the
frontend cache (a real HTTP server on 127.0.0.1 stands in for Varnish)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.views.decorators.cache import never_cache
from wagtail.contrib.frontend_cache.signal_handlers import (
    page_published_signal_handler,
    page_unpublished_signal_handler,
)
from wagtail.signals import page_published, page_unpublished

from portal.models import ContentPage
from portal.page_cache import STATUS_HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRONTEND_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_view_is_served_without_the_database(client, demo_content, page_cache):
    first = client.get("/bg/za-nas/")
    assert first[STATUS_HEADER] == "miss"
    assert "s-maxage=3600" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/bg/za-nas/")
    assert second[STATUS_HEADER] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_visitors_with_cookies_and_other_methods_bypass_the_cache(client, demo_content, page_cache):
    client.get("/bg/za-nas/")
    client.cookies["sessionid"] = "someone"
    assert STATUS_HEADER not in client.get("/bg/za-nas/")
    client.cookies.clear()
    assert client.get("/bg/no-such-page/").status_code == 404
    assert client.get("/bg/no-such-page/")[STATUS_HEADER] == "miss"
    assert STATUS_HEADER not in client.get("/admin/login/")


def test_publishing_and_unpublishing_invalidate_cached_pages(client, demo_content, page_cache):
    page = ContentPage.objects.get(slug="za-nas")
    client.get("/bg/")
    client.get("/bg/za-nas/")
    page.title = "Ново заглавие"
    page.save_revision().publish()
    response = client.get("/bg/za-nas/")
    assert response[STATUS_HEADER] == "miss"
    assert "Ново заглавие" in response.content.decode()
    assert "Ново заглавие" in client.get("/bg/").content.decode(), "the menu shows the title"
    page.unpublish()
    assert client.get("/bg/za-nas/").status_code == 404


def test_responses_that_set_cookies_or_are_private_are_never_cached(rf, page_cache):
    from django.http import HttpResponse

    from portal.page_cache import AnonymousPageCacheMiddleware

    calls = []

    def with_cookie(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "x")
        return response

    middleware = AnonymousPageCacheMiddleware(with_cookie)
    middleware(rf.get("/bg/poll/"))
    middleware(rf.get("/bg/poll/"))
    private = AnonymousPageCacheMiddleware(
        never_cache(lambda request: calls.append(1) or HttpResponse())
    )
    private(rf.get("/bg/newsletter/"))
    private(rf.get("/bg/newsletter/"))
    assert len(calls) == 4


class PurgeRecorder(BaseHTTPRequestHandler):
    purged: list = []

    def do_PURGE(self):
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def frontend_cache(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    # The frontend-cache app connects these when FRONTEND_CACHE_URL is set at start-up.
    page_published.connect(page_published_signal_handler)
    page_unpublished.connect(page_unpublished_signal_handler)
    PurgeRecorder.purged = []
    yield PurgeRecorder.purged
    page_published.disconnect(page_published_signal_handler)
    page_unpublished.disconnect(page_unpublished_signal_handler)
    server.shutdown()


def test_publish_and_unpublish_purge_the_frontend_cache(demo_content, frontend_cache):
    page = ContentPage.objects.get(slug="za-nas")
    page.save_revision().publish()
    assert "/bg/za-nas/" in [path for _host, path in frontend_cache]
    frontend_cache.clear()
    page.unpublish()
    assert "/bg/za-nas/" in [path for _host, path in frontend_cache]


def test_frontend_cache_is_configured_from_the_environment():
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "from django.conf import settings; from django.apps import apps; "
        "print(settings.WAGTAILFRONTENDCACHE['varnish']['LOCATION'], "
        "apps.is_installed('wagtail.contrib.frontend_cache'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "FRONTEND_CACHE_URL": "http://127.0.0.1:6081"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split()[-2:] == ["http://127.0.0.1:6081", "True"], result.stderr
