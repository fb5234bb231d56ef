"""Both languages: home pages, the switcher, hreflang and the root redirect."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(("path", "lang"), [("/bg/", "bg"), ("/en/", "en")])
def test_home_pages_render_in_their_language(client, path, lang):
    response = client.get(path)
    assert response.status_code == 200
    assert soup(response).html["lang"] == lang


@pytest.mark.parametrize(
    ("accept", "target"),
    [("", "/bg/"), ("en-GB,en;q=0.9", "/en/"), ("bg,en;q=0.5", "/bg/"), ("de-DE,de", "/bg/")],
)
def test_root_redirects_by_preferred_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


def test_switcher_leads_to_the_translation_of_the_current_page(client, demo_content):
    page = soup(client.get("/bg/za-nas/"))
    english = page.select_one('.language-switcher a[hreflang="en"]')
    assert english["href"] == "/en/about/"
    back = soup(client.get("/en/about/")).select_one('.language-switcher a[hreflang="bg"]')
    assert back["href"] == "/bg/za-nas/"


def test_switcher_says_when_a_page_has_no_translation(client, bg_home):
    from portal.models import ContentPage

    page = ContentPage(title="Само на български", slug="samo-bg")
    bg_home.add_child(instance=page)
    page.save_revision().publish()
    html = soup(client.get("/bg/samo-bg/"))
    english = html.select_one('.language-switcher a[hreflang="en"]')
    assert english["href"] == "/en/"
    note = html.select_one(".language-switcher__note")
    assert note is not None and "not translated" in note.get_text()
    assert not html.select('link[rel=alternate][hreflang="en"]')


def test_hreflang_links_name_every_translation_and_x_default(client, demo_content):
    links = {
        link["hreflang"]: link["href"]
        for link in soup(client.get("/en/about/")).select("link[rel=alternate][hreflang]")
    }
    assert links == {
        "bg": "http://testserver/bg/za-nas/",
        "en": "http://testserver/en/about/",
        "x-default": "http://testserver/bg/za-nas/",
    }


def test_not_found_page_is_localised(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert soup(response).h1.get_text() == "Page not found"
    response = client.get("/bg/no-such-page/")
    assert response.status_code == 404
    assert soup(response).html["lang"] == "bg"
    assert soup(response).h1.get_text() != "Page not found"
