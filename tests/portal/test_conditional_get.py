"""Every cacheable surface of the portal (a page of every type in both languages, the feeds
and calendars the pages announce, the sitemap, every API read) carries a validator, and a
conditional request gets 304 whether the answer comes from the page cache or not. Query
parameters that a page does not read neither add nor evict page-cache entries."""

import re

import pytest
from django.core.cache import cache
from wagtail.models import Page

from portal.page_cache import STATUS_HEADER

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" type="([^"]+)"[^>]* href="([^"]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def one_page_of_every_type():
    seen, paths = set(), []
    for page in Page.objects.live().public().specific().order_by("path"):
        kind = (type(page), page.locale.language_code)
        url = page.get_url()
        if kind not in seen and url and page.depth > 1:
            seen.add(kind)
            paths.append(url)
    return paths


def announced_feeds_and_calendars(client, pages):
    found = set()
    for path in pages:
        for _kind, href in ALTERNATE.findall(client.get(path).text):
            found.add(re.sub(r"^https?://[^/]+", "", href))
    return sorted(found)


def api_reads(client):
    """Every public GET of the API's schema whose parameters a listing can fill in."""
    schema = client.get("/api/v3/openapi.json").json()
    reads = ["/api/v3/openapi.json"]
    for path, operations in schema["paths"].items():
        if "get" not in operations or "revisions" in path or "whoami" in path:
            continue
        if "/find/" in path:  # a redirect to what was found
            continue
        if "{" not in path:
            if client.get(path).status_code == 200:  # public, not for editors only
                reads.append(path)
            continue
        listing = path.split("{")[0]
        answer = client.get(listing)
        found = answer.json() if answer.status_code == 200 else []
        items = found.get("items") if isinstance(found, dict) else found
        if items and path.count("{") == 1 and "id" in items[0]:
            reads.append(re.sub(r"\{[^}]+\}", str(items[0]["id"]), path))
    return reads


def assert_conditional(client, path):
    full = client.get(path)
    assert full.status_code == 200, path
    validators = {name: full[name] for name in ("ETag", "Last-Modified") if name in full}
    assert validators, f"{path} carries no validator"
    if "ETag" in full:
        again = client.get(path, HTTP_IF_NONE_MATCH=full["ETag"])
        assert again.status_code == 304, f"{path}: If-None-Match answered {again.status_code}"
        assert again["ETag"] == full["ETag"]
    if "Last-Modified" in full:
        again = client.get(path, HTTP_IF_MODIFIED_SINCE=full["Last-Modified"])
        assert again.status_code == 304, f"{path}: If-Modified-Since answered {again.status_code}"
    return full.get(STATUS_HEADER), client.get(path).get(STATUS_HEADER)


def test_every_cacheable_surface_answers_conditional_requests(client, demo_content, page_cache):
    pages = one_page_of_every_type()
    assert len(pages) >= 20
    surfaces = [*pages, *announced_feeds_and_calendars(client, pages)]
    assert any(path.endswith(".ics") for path in surfaces)
    assert any("rss" in path or "atom" in path for path in surfaces)
    cache.clear()
    assert_conditional(client, "/sitemap.xml")
    for path in surfaces:
        first, later = assert_conditional(client, path)
        # The first answer was rendered, the next ones come from the page cache: both
        # answered the conditional requests above.
        assert (first, later) == ("miss", "hit"), path

    reads = api_reads(client)
    for expected in ("/api/v3/pages/", "/api/v3/polls/", "/api/v3/search/", "/api/v3/site/"):
        assert expected in reads
    assert any(re.fullmatch(r"/api/v3/pages/\d+/", path) for path in reads)
    for path in reads:
        assert_conditional(client, path)


def test_a_changed_page_is_not_answered_304(client, demo_content, page_cache):
    first = client.get("/bg/za-nas/")
    page = Page.objects.get(url_path__endswith="/za-nas/", locale__language_code="bg").specific
    page.title = "Ново заглавие"
    page.save_revision().publish()
    again = client.get("/bg/za-nas/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "Ново заглавие" in again.text


def test_parameters_a_page_does_not_read_neither_add_nor_evict_entries(
    client, demo_content, page_cache
):
    assert client.get("/bg/za-nas/")[STATUS_HEADER] == "miss"
    for busting in ("?_=123", "?utm_source=mail&utm_medium=x", "?random=1", "?_=124"):
        answer = client.get(f"/bg/za-nas/{busting}")
        assert answer[STATUS_HEADER] == "hit", busting
    # Pages that read their parameters still vary by them, and by nothing else.
    assert client.get("/bg/byuletin/?page=1")[STATUS_HEADER] == "miss"
    assert client.get("/bg/byuletin/?page=1&_=9")[STATUS_HEADER] == "hit"
    assert client.get("/bg/byuletin/?page=1&utm_source=x")[STATUS_HEADER] == "hit"
    assert client.get("/bg/byuletin/")[STATUS_HEADER] == "miss"
    searched = client.get("/bg/search/?q=трафик")
    assert client.get("/bg/search/?q=трафик&_=1")[STATUS_HEADER] == "hit"
    other = client.get("/bg/search/?q=жертви")
    assert other[STATUS_HEADER] == "miss" and other.content != searched.content
