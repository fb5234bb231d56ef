import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

pytestmark = pytest.mark.django_db

URL = "/api/v3/search/"


def test_api_search_returns_highlighted_results_and_counts(client, corpus):
    response = client.get(URL, {"q": "полицаи", "lang": "bg"})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "полицаи"
    assert data["results"][0]["title"] == "Роля на полицията"
    first = data["results"][0]
    assert first["url"].startswith("http://testserver/bg/") and "#s-" in first["url"]
    assert "<mark>" in first["snippet_html"]
    assert first["type"] == "portal.contentpage"
    assert data["counts"] == [
        {
            "type": "portal.contentpage",
            "label": "Страница със съдържание",
            "count": data["total"],
            "selected": False,
        }
    ]


def test_api_same_filters_as_the_page(client, corpus, bg_home, make_page):
    handbook = make_page(bg_home, "Наръчник", [("s", "", "жертва")])
    make_page(handbook, "Глава", [("s", "", "жертва")])
    data = client.get(URL, {"q": "жертви", "lang": "bg", "within": handbook.pk}).json()
    assert sorted(r["title"] for r in data["results"]) == ["Глава", "Наръчник"]
    data = client.get(URL, {"q": "жертви", "lang": "bg", "type": "portal.projectpage"}).json()
    assert data["results"] == []


def test_api_language_isolation(client, corpus):
    data = client.get(URL, {"q": "victims", "lang": "bg"}).json()
    assert data["total"] == 0
    data = client.get(URL, {"q": "victims", "lang": "en"}).json()
    assert data["results"][0]["title"] == "Identifying victims of trafficking"


def test_api_promotions(client, corpus, bg_home, make_page):
    hotline = make_page(bg_home, "Гореща линия", [("s", "", "телефон")])
    SearchPromotion.objects.create(query=Query.get("жертви"), page=hotline, sort_order=0)
    data = client.get(URL, {"q": "жертви", "lang": "bg"}).json()
    assert [p["title"] for p in data["promotions"]] == ["Гореща линия"]


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"page": "x"}, "page"),
        ({"sort": "random"}, "sort"),
        ({"date_from": "2025-13-40"}, "date_from"),
        ({"type": "nope.page"}, "type"),
        ({"within": "999999"}, "within"),
        ({"lang": "fr"}, "lang"),
    ],
)
def test_api_bad_parameters_are_rfc7807_problems(client, corpus, params, location):
    response = client.get(URL, {"q": "жертви", **params})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["detail"]
    assert problem["errors"] == [{"loc": [location]}]


@pytest.mark.parametrize("query", ["", "ж" * 100_000, "a\x00b", '"(( AND NOT', "1' OR '1'='1"])
def test_api_hostile_queries(client, corpus, query):
    response = client.get(URL, {"q": query, "lang": "bg"})
    assert response.status_code == 200
    assert len(response.json()["query"]) <= 200


def test_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v3/openapi.json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v3/search/"]["get"]["parameters"]}
    assert {"q", "lang", "type", "date_from", "date_to", "sort", "page", "within"} <= parameters
