"""`?search=` on pages, documents and images uses the portal's query handling and never
answers 500, whatever is typed; the API's root and unknown paths are RFC 7807 404s; the
Swagger UI makes no request to another site."""

import json
import re
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from .conftest import API
from .test_http import assert_problem

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"unbalanced',
    'a"b"c"',
    "NUL\x00byte",
    "AND OR NOT",
    "((",
    "'; DROP TABLE wagtailcore_page; --",
    "*",
    "%",
    "\\",
    "-",
    "x" * 5000,
    "   ",
    "",
]


@pytest.fixture
def document(db):
    return Document.objects.create(
        title="Годишен доклад за насочването", file=ContentFile(b"%PDF-1.4", name="doklad.pdf")
    )


@pytest.mark.parametrize("endpoint", ["/pages/", "/documents/", "/images/"])
def test_hostile_search_text_never_answers_500(client, pages, document, endpoint):
    for text in HOSTILE:
        for operator in ("", "&search_operator=or"):
            response = client.get(f"{API}{endpoint}?{_query(text)}{operator}")
            assert response.status_code == 200, (endpoint, text, response.content[:300])


def _query(text):
    return urlencode({"search": text})


def test_page_search_finds_inflected_forms_like_the_portals_search(client, pages):
    """ "насочването" (with the article) finds "Насочване", as the site's search does."""
    response = client.get(f"{API}/pages/?{_query('насочването')}&locale=bg")
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == ["Насочване"]
    quoted = client.get(f"{API}/pages/?" + _query('"насочване" AND') + "&locale=bg")
    assert [item["title"] for item in quoted.json()["items"]] == ["Насочване"]


def test_document_search_matches_words(client, document):
    found = client.get(f"{API}/documents/?{_query('доклад')}").json()["items"]
    assert [item["title"] for item in found] == [document.title]
    assert client.get(f"{API}/documents/?" + _query('"доклад')).json()["items"] == found


@pytest.mark.parametrize("path", ["/", "/no-such-endpoint/", "/pages/x/y/z/", "/site/nothing"])
def test_the_root_and_unknown_paths_are_problem_404s(client, path):
    assert_problem(client.get(API + path), 404)


def test_swagger_ui_asks_no_validator(client):
    page = client.get(f"{API}/docs/")
    assert page.status_code == 200
    settings_json = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>',
        page.content.decode(),
        re.S,
    ).group(1)
    assert json.loads(settings_json)["validatorUrl"] is None
    assert "validator.swagger.io" not in page.content.decode()
