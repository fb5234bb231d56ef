from collections import defaultdict

from django.contrib.sitemaps import Sitemap
from wagtail.models import Page

from . import visibility
from .public_urls import page_absolute_url


class TranslatedPagesSitemap(Sitemap):
    """Every live public page, each with <xhtml:link hreflang> to all of its language versions
    and an x-default (the Bulgarian version). One query for the pages, whatever their number."""

    def items(self):
        return (
            visibility.pages(Page.objects)
            .filter(depth__gt=1)
            .select_related("locale")
            .order_by("path")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        pages = list(self.items())
        by_key = defaultdict(list)
        for item in pages:
            item.absolute = page_absolute_url(item)
            if item.absolute:
                by_key[item.translation_key].append(item)
        urls = []
        for item in pages:
            if not item.absolute:
                continue
            versions = by_key[item.translation_key]
            alternates = [
                {"location": v.absolute, "lang_code": v.locale.language_code} for v in versions
            ]
            default = next((v for v in versions if v.locale.language_code == "bg"), item)
            alternates.append({"location": default.absolute, "lang_code": "x-default"})
            urls.append(
                {
                    "item": item,
                    "location": item.absolute,
                    "lastmod": item.last_published_at,
                    "changefreq": None,
                    "priority": None,
                    "alternates": alternates,
                }
            )
        self.latest_lastmod = max((u["lastmod"] for u in urls if u["lastmod"]), default=None)
        return urls
