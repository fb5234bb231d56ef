"""One public address: the default Site record (from which Wagtail builds the API's
html_url) says what PUBLIC_BASE_URL says, and a deployment check warns when they differ."""

import pytest
from wagtail.models import Site

from portal.public_address import check_public_address, set_default_site_from_public_address

pytestmark = pytest.mark.django_db


def test_the_demo_sets_the_site_from_public_base_url(demo_content, settings):
    assert Site.objects.get(is_default_site=True).root_url == settings.PUBLIC_BASE_URL
    assert check_public_address() == []


def test_the_api_html_url_uses_public_base_url(client, bg_home, settings):
    settings.PUBLIC_BASE_URL = "https://nrm.example.bg"
    set_default_site_from_public_address()
    page = client.get(f"/api/v3/pages/{bg_home.pk}/").json()
    assert page["meta"]["html_url"] == "https://nrm.example.bg/bg/"
    listed = client.get("/api/v3/pages/", {"locale": "bg"}).json()["items"]
    assert all(item["meta"]["html_url"].startswith("https://nrm.example.bg/") for item in listed)


def test_a_site_that_disagrees_with_public_base_url_is_warned_about(bg_home, settings):
    settings.PUBLIC_BASE_URL = "https://nrm.example.bg"
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    [warning] = check_public_address()
    assert warning.id == "portal.W001" and "http://localhost" in warning.msg
    set_default_site_from_public_address()
    assert check_public_address() == []
