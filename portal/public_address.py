"""One public address. PUBLIC_BASE_URL is where visitors reach the portal; every absolute
URL is built from it (portal/public_urls.py), except those that Wagtail builds from the
default Site record (the API's `html_url`, the admin's "view live" links). The demo sets
that record from PUBLIC_BASE_URL, and a deployment check warns when the two disagree."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def public_host_and_port() -> tuple[str, int]:
    address = urlsplit(settings.PUBLIC_BASE_URL)
    return address.hostname or "localhost", address.port or DEFAULT_PORTS[address.scheme]


def set_default_site_from_public_address() -> Site:
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = public_host_and_port()
    site.save(update_fields=["hostname", "port"])
    return site


def register_check():
    checks.register(check_public_address, checks.Tags.urls, deploy=True)


def check_public_address(app_configs=None, **kwargs):
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet
        return []
    if site is None or site.root_url == settings.PUBLIC_BASE_URL:
        return []
    return [
        checks.Warning(
            f"The default Site is {site.root_url} but PUBLIC_BASE_URL is "
            f"{settings.PUBLIC_BASE_URL}: the API's html_url and the admin's links would "
            "point elsewhere than feeds, the sitemap, calendars and mail.",
            hint="Set the default Site's hostname and port (Settings > Sites) to those of "
            "PUBLIC_BASE_URL, or correct PUBLIC_BASE_URL.",
            id="portal.W001",
        )
    ]
