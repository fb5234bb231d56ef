"""HTML to PDF with WeasyPrint, fed by the pages (this module imports no models).

Nothing is fetched from the network: images and style sheets are read from the portal's own
media and static files, and any other address is refused, so a link or an image pointing at
another site can neither slow a rendering down nor leak who is reading what.

WeasyPrint (about 45 MB in memory) is imported on the first rendering, not by every
process that only serves pages."""

import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders


def _local_file(url: str) -> Path | None:
    if not url.startswith(f"{settings.PUBLIC_BASE_URL}/"):
        return None
    path = unquote(urlsplit(url).path)
    if path.startswith(settings.MEDIA_URL):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path.removeprefix(settings.MEDIA_URL)).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        return Path(found) if found else None
    return None


@cache
def _local_url_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalURLFetcher(URLFetcher):
        """`data:` URLs and the portal's own /media/ and /static/ files; any other address
        is refused (WeasyPrint then leaves that image out and carries on)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _local_file(url)
            if path is None:
                raise ValueError(f"not a file of the portal: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.open("rb"), {"Content-Type": content_type})

    return LocalURLFetcher


def local_url_fetcher():
    return _local_url_fetcher_class()()


@dataclass
class RenderedPDF:
    data: bytes
    page_count: int


def html_to_pdf(html: str) -> RenderedPDF:
    """A tagged PDF/UA-1 file with its fonts embedded; relative links resolve to the public
    site (PUBLIC_BASE_URL), so they still work in a printed or downloaded copy."""
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=f"{settings.PUBLIC_BASE_URL}/", url_fetcher=local_url_fetcher()
    ).render(pdf_variant="pdf/ua-1")
    return RenderedPDF(document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages))
