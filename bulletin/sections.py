"""The bulletin's section pages (news, events, partner news) of a language, shared by the
head links, the footer and the home panels: looked up once per request, and kept in the
cache under the site frame's generation (portal.site_frame), which publishing and privacy
changes advance."""

from dataclasses import dataclass

from wagtail.models import Locale

from portal import locales, site_frame, visibility
from portal.frame_generation import remember

from .models import BulletinIndexPage, EventIndexPage, PartnerNewsPage


@dataclass
class Sections:
    locale: Locale | None
    news: BulletinIndexPage | None
    events: EventIndexPage | None
    partners: PartnerNewsPage | None


def _first(model, locale):
    return visibility.pages(model.objects.filter(locale=locale)).order_by("path").first()


def sections_for(context) -> Sections:
    request = context.get("request")
    cached = getattr(request, "_bulletin_sections", None)
    if cached is not None:
        return cached
    page = context.get("page")
    locale_id = getattr(page, "locale_id", None)
    locale = locales.by_id(locale_id) if locale_id else Locale.get_active()
    sections = remember(
        f"bulletin-sections:{locale.language_code}:{site_frame.view_key()}",
        lambda: Sections(
            locale,
            _first(BulletinIndexPage, locale),
            _first(EventIndexPage, locale),
            _first(PartnerNewsPage, locale),
        ),
    )
    if request is not None:
        request._bulletin_sections = sections
    return sections
