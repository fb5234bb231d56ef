"""The bulletin's section pages (news, events, partner news) of a language, looked up once
per request and shared by the head links, the footer and the home panels."""

from dataclasses import dataclass

from wagtail.models import Locale

from portal import visibility

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
    locale = getattr(page, "locale", None) if getattr(page, "locale_id", None) else None
    if locale is None:
        locale = Locale.get_active()
    sections = Sections(
        locale,
        _first(BulletinIndexPage, locale),
        _first(EventIndexPage, locale),
        _first(PartnerNewsPage, locale),
    )
    if request is not None:
        request._bulletin_sections = sections
    return sections
