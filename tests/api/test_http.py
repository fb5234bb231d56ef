"""HTTP rules of the whole /api/ prefix: conditional GETs, CORS, problem documents, body
size and write rate limits, and hostile requests that must end in a 4xx."""

import json

import pytest
from django.test import Client, override_settings

from .conftest import API

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"]


def test_anonymous_get_is_cacheable_and_revalidates_with_304(client, pages):
    url = f"{API}/pages/{pages['bg'].pk}/"
    first = client.get(url)
    assert first["Cache-Control"].startswith("public, max-age=")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_published_change_gives_a_new_etag(client, pages):
    url = f"{API}/pages/{pages['bg'].pk}/"
    etag = client.get(url)["ETag"]
    page = pages["bg"]
    page.title = "Насочване на пострадали"
    page.save_revision().publish()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


def test_authenticated_responses_are_not_stored(client, pages, token):
    response = client.get(f"{API}/pages/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


@override_settings(API_CORS_ORIGINS=["https://partner.example.org"])
def test_cors_for_listed_origins_only(client, pages):
    listed = client.get(f"{API}/pages/", headers={"Origin": "https://partner.example.org"})
    assert listed["Access-Control-Allow-Origin"] == "https://partner.example.org"
    assert "Access-Control-Allow-Credentials" not in listed
    assert "Origin" in listed["Vary"]
    foreign = client.get(f"{API}/pages/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in foreign
    preflight = client.options(
        f"{API}/pages/",
        headers={"Origin": "https://partner.example.org", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert_problem(client.options(f"{API}/pages/", headers={"Origin": "https://evil.example"}), 403)
    assert_problem(
        client.post(
            f"{API}/pages/", "{}", content_type="application/json", headers={"Origin": "null"}
        ),
        403,
    )


@override_settings(API_CORS_ORIGINS=["*"])
def test_a_wildcard_origin_is_never_honoured(client, pages):
    response = client.get(f"{API}/pages/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/nothing-here/", 404),
        ("/pages/999999/", 404),
        ("/pages/99999999999999999999999/", 404),
        ("/pages/not-a-number/", 422),
        ("/pages/?limit=100000", 400),
        ("/pages/?limit=0", 422),
        ("/pages/?offset=-1", 422),
        ("/pages/?offset=1" + "0" * 30, 422),
        ("/pages/?limit=" + "9" * 5000, 422),
        ("/pages/?type=nope.Nothing", 422),
        ("/pages/?child_of=999999", 422),
        ("/pages/?order=no_such_field", 422),
        ("/pages/?locale=xx", 422),  # a locale outside the enumeration, as on /site/
        ("/site/?locale=de", 422),
        ("/site/find/", 422),
        ("/site/find/?path=/en/no/such/page/", 404),
        ("/pages/999999/translations/", 404),
        ("/schema/", 401),
        ("/whoami/", 401),
    ],
)
def test_hostile_reads_get_problem_documents(client, pages, url, status):
    assert_problem(client.get(API + url), status)


def test_unsupported_method_is_405_with_allow(client):
    response = client.put(f"{API}/pages/", "{}", content_type="application/json")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_bad_tokens_are_401(client, pages):
    for header in ("Bearer nonsense", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000):
        response = client.post(
            f"{API}/pages/",
            "{}",
            content_type="application/json",
            headers={"Authorization": header},
        )
        assert_problem(response, 401)


def test_malformed_and_deeply_nested_json_is_rejected(client, token, bg_home):
    auth = {"Authorization": f"Bearer {token}"}
    assert_problem(
        client.post(f"{API}/pages/", "{not json", content_type="application/json", headers=auth),
        400,
    )
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post(f"{API}/pages/", deep, content_type="application/json", headers=auth)
    assert response.status_code in {400, 422}
    assert response["Content-Type"] == PROBLEM
    unknown = {
        "meta": {"type": "portal.ContentPage", "parent_id": bg_home.pk},
        "title": "Нова",
        "slug": "nova",
        "nonsense": 1,
    }
    response = client.post(
        f"{API}/pages/", json.dumps(unknown), content_type="application/json", headers=auth
    )
    assert_problem(response, 422)
    assert "nonsense" in response.content.decode()


def test_ten_megabyte_body_is_413(client, token):
    body = json.dumps({"title": "x" * 10_000_000})
    response = client.post(
        f"{API}/pages/",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert_problem(response, 413)


@override_settings(API_WRITE_RATE="3/60")
def test_anonymous_writes_are_rate_limited_per_client_without_storing_the_address(client):
    from django.core.cache import cache

    statuses = [
        client.post(
            f"{API}/pages/", "{}", content_type="application/json", REMOTE_ADDR="203.0.113.9"
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    limited = client.post(
        f"{API}/pages/", "{}", content_type="application/json", REMOTE_ADDR="203.0.113.9"
    )
    assert_problem(limited, 429)
    assert int(limited["Retry-After"]) > 0
    other = Client().post(
        f"{API}/pages/", "{}", content_type="application/json", REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 401
    keys = list(cache._cache.keys())
    assert keys and not any("203.0.113.9" in key for key in keys)
