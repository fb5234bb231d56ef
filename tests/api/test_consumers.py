"""The API as a front end uses it: pages by path in each language, latest pages, the
translations of a page, navigation, rich text with real URLs."""

from django.test import Client

from .conftest import API


def get_json(client, url, **headers):
    response = client.get(url, follow=True, headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_find_a_page_by_its_path_in_each_language(client, pages):
    bulgarian = get_json(client, f"{API}/site/find/?path=/bg/nasochvane/")
    english = get_json(client, f"{API}/site/find/?path=/en/referral/")
    assert (bulgarian["id"], bulgarian["meta"]["locale"]) == (pages["bg"].pk, "bg")
    assert (english["id"], english["meta"]["locale"]) == (pages["en"].pk, "en")
    assert english["title"] == "Referral"
    # Without a prefix the path is Bulgarian, the default language.
    assert get_json(client, f"{API}/site/find/?path=nasochvane")["id"] == pages["bg"].pk


def test_unknown_path_is_a_problem_404(client, pages):
    response = client.get(f"{API}/site/find/?path=/en/nasochvane/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_latest_pages_in_english(client, pages):
    data = get_json(client, f"{API}/pages/?locale=en&order=-first_published_at&limit=2")
    assert [item["meta"]["locale"] for item in data["items"]] == ["en", "en"]
    assert data["items"][0]["id"] == pages["en_target"].pk
    assert data["count"] >= 3  # the English home page and the two translations


def test_filter_by_type_and_parent(client, pages, en_home):
    data = get_json(client, f"{API}/pages/?type=portal.ContentPage&child_of={en_home.pk}")
    assert {item["id"] for item in data["items"]} == {pages["en"].pk, pages["en_target"].pk}


def test_translations_of_a_page(client, pages):
    data = get_json(client, f"{API}/pages/{pages['en'].pk}/translations/")
    assert {(item["locale"], item["id"]) for item in data} == {
        ("bg", pages["bg"].pk),
        ("en", pages["en"].pk),
    }
    bulgarian = next(item for item in data if item["locale"] == "bg")
    assert bulgarian["html_url"] == "http://testserver/bg/nasochvane/"
    assert bulgarian["detail_url"] == f"http://testserver{API}/pages/{pages['bg'].pk}/"


def test_rich_text_is_html_with_absolute_links_and_images(client, pages, image):
    data = get_json(client, f"{API}/pages/{pages['bg'].pk}/")
    paragraph = data["body"][0]["value"]
    assert 'href="http://testserver/bg/prava/"' in paragraph
    assert 'src="http://testserver/media/images/' in paragraph
    assert "linktype" not in paragraph and "<embed" not in paragraph
    figure = data["body"][1]["value"]
    assert figure["image"]["url"].startswith("http://testserver/media/images/")
    assert figure["image"]["alt"] == "Приют"
    # The English translation links to the English version of the linked page.
    english = get_json(client, f"{API}/pages/{pages['en'].pk}/")
    assert 'href="http://testserver/en/rights/"' in english["body"][0]["value"]


def test_site_navigation_footer_and_contact_per_language(client, demo_content):
    bulgarian = get_json(client, f"{API}/site/?locale=bg")
    english = get_json(client, f"{API}/site/?locale=en")
    assert bulgarian["home"]["html_url"] == "http://testserver/bg/"
    assert english["menu"] and all("/en/" in item["html_url"] for item in english["menu"])
    assert bulgarian["footer"]["organisation_name"] != english["footer"]["organisation_name"]
    assert english["contact"] == bulgarian["contact"]
    assert [language["code"] for language in english["languages"]] == ["bg", "en"]


def test_docs_load_only_the_portals_own_static_files(client):
    html = Client().get(f"{API}/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    schema = get_json(client, f"{API}/openapi.json")
    assert "/api/v3/site/" in schema["paths"]
    assert "/api/v3/pages/{page_id}/translations/" in schema["paths"]
