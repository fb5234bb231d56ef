"""Absolute URLs for things that leave the site (emails, feeds, calendars, sitemaps, API):
they are built from settings.PUBLIC_BASE_URL, never from the request's Host header."""

from django.conf import settings


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.PUBLIC_BASE_URL}{path}"


def page_absolute_url(page, request=None) -> str | None:
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    return absolute_url(parts[2])
