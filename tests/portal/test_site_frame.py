"""The frame around every public page: landmarks, skip link, quick exit, no third parties."""

import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = ["/bg/", "/en/", "/bg/za-nas/", "/en/about/", "/bg/proekt/", "/en/project/"]


@pytest.fixture
def pages(client, demo_content):
    return {path: client.get(path) for path in PUBLIC_PATHS}


def test_every_page_has_landmarks_skip_link_and_quick_exit(pages, settings):
    for path, response in pages.items():
        assert response.status_code == 200, path
        html = BeautifulSoup(response.content, "html.parser")
        assert html.select_one("a.skip-link")["href"] == "#main", path
        assert html.select_one("main#main"), path
        assert html.select_one("header") and html.select_one("footer"), path
        assert html.select_one("nav.main-menu"), path
        quick_exit = html.select_one("[data-quick-exit-link]")
        assert quick_exit["href"] == settings.QUICK_EXIT_URL, path
        assert "noreferrer" in quick_exit["rel"], path
        assert html.select_one(".quick-exit__help summary"), path


def test_pages_load_nothing_from_other_sites(pages):
    for path, response in pages.items():
        html = BeautifulSoup(response.content, "html.parser")
        for tag, attribute in [
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
        ]:
            for element in html.find_all(tag):
                url = element.get(attribute) or ""
                if tag == "link" and "alternate" in (element.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", url), f"{path}: third-party {tag} {url}"
        assert b"<script>" not in response.content, f"{path}: inline script"


def test_pages_set_no_cookies(pages):
    for path, response in pages.items():
        assert not response.cookies, f"{path} set {list(response.cookies)}"


def test_project_activities_are_numbered_from_their_position(client, demo_content):
    html = BeautifulSoup(client.get("/en/project/").content, "html.parser")
    numbers = [n.get_text() for n in html.select(".objectives .number")]
    assert numbers[:6] == ["1.", "1.1", "1.1.1", "1.1.1.1", "1.1.2", "1.2"]
    assert "2.1" in numbers


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_lists_both_languages_with_alternates(client, demo_content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(response.content)
    entries = {url.findtext("s:loc", namespaces=ns): url for url in root.findall("s:url", ns)}
    assert "http://testserver/bg/za-nas/" in entries
    assert "http://testserver/en/about/" in entries
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in entries["http://testserver/en/about/"].findall("x:link", ns)
    }
    assert alternates == {
        "bg": "http://testserver/bg/za-nas/",
        "en": "http://testserver/en/about/",
        "x-default": "http://testserver/bg/za-nas/",
    }


def test_sitemap_query_count_does_not_grow_with_pages(
    client, bg_home, django_assert_max_num_queries
):
    from portal.models import ContentPage

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/sitemap.xml").status_code == 200
        return len(ctx.captured_queries)

    client.get("/sitemap.xml")
    before = count_queries()
    for index in range(20):
        page = ContentPage(title=f"Страница {index}", slug=f"stranica-{index}")
        bg_home.add_child(instance=page)
        page.save_revision().publish()
    client.get("/sitemap.xml")  # the first request after publishing rebuilds the frame's parts
    assert count_queries() == before
