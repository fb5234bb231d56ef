"""Every response carries the headers that keep visitors private and pages safe."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = ["/bg/", "/en/", "/bg/za-nas/", "/en/project/", "/bg/no-such-page/", "/robots.txt"]

STRICT_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


def directives(policy):
    return [d.strip() for d in policy.split(";")]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_responses_carry_a_strict_policy_and_privacy_headers(client, demo_content, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    policy = directives(response["Content-Security-Policy"])
    for directive in STRICT_DIRECTIVES:
        assert directive in policy, (path, directive)
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "browsing-topics"):
        assert f"{feature}=()" in permissions


def test_admin_has_its_own_policy_that_still_loads_nothing_from_elsewhere(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert "http" not in response["Content-Security-Policy"]
    assert b"gravatar" not in response.content


def test_hsts_is_sent_over_https_only(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    assert "Strict-Transport-Security" not in client.get("/robots.txt")
    response = client.get("/robots.txt", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/bg/newsletter/", "/en/newsletter/thanks/", "/bg/trainee/register/", "/bg/trainee/"]
)
def test_personal_pages_are_kept_out_of_every_cache(client, url):
    cache_control = {d.strip() for d in client.get(url)["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache", "max-age=0"} <= cache_control


def test_the_error_page_keeps_the_quick_exit_and_needs_no_database(rf, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.views import server_error

    with CaptureQueriesContext(connection) as queries:
        response = server_error(rf.get("/bg/"))
    assert response.status_code == 500
    assert len(queries) == 0
    html = response.content.decode()
    assert f'href="{settings.QUICK_EXIT_URL}"' in html
    assert "quick-exit.js" in html
    assert "<script>" not in html
