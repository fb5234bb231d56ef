"""What a front end needs besides the pages themselves: the menus, footer and contact
details of a language, a page found by its public path, and a page's translations."""

from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from ninja import Router, Schema
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.models import Locale, Page, Site

from portal import visibility
from portal.models import OrganisationSettings
from portal.public_urls import absolute_url, page_absolute_url

from .rich_text import html_with_absolute_urls
from .visible_pages import visible_pages_queryset

router = Router(tags=["site"], auth=[BearerTokenAuth(), AllowAnonymous()])

LanguageCode = Literal[tuple(code for code, _name in settings.LANGUAGES)]


class PageLinkSchema(Schema):
    id: int
    title: str
    html_url: str | None
    detail_url: str


class MenuItemSchema(PageLinkSchema):
    children: list[PageLinkSchema]


class FooterSchema(Schema):
    organisation_name: str
    address: str
    about: str


class ContactSchema(Schema):
    email: str
    phone: str
    hotline: str


class SocialLinkSchema(Schema):
    name: str
    url: str


class LanguageSchema(Schema):
    code: str
    name: str
    home_url: str


class SiteSchema(Schema):
    locale: str
    site_name: str
    home: PageLinkSchema
    menu: list[MenuItemSchema]
    footer: FooterSchema | None
    contact: ContactSchema
    social_links: list[SocialLinkSchema]
    languages: list[LanguageSchema]


class TranslationSchema(PageLinkSchema):
    locale: str


def _detail_url(page_id: int) -> str:
    return absolute_url(reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page_id}))


def _link(page: Page, request: HttpRequest) -> dict:
    """The request only lets Wagtail look the site root paths up once per request."""
    return {
        "id": page.pk,
        "title": page.title,
        "html_url": page_absolute_url(page, request),
        "detail_url": _detail_url(page.pk),
    }


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise Http404("No site is configured")
    return site


def _home(site: Site, locale: Locale) -> Page:
    home = site.root_page.get_translation_or_none(locale)
    if home is None or not home.live:
        raise Http404("This language has no home page yet")
    return home


def _menu(home: Page, request: HttpRequest) -> list[dict]:
    """Two levels of live, public, in-menu pages under the home page, in one query."""
    pages = (
        visibility.pages(Page.objects.in_menu())
        .descendant_of(home)
        .filter(depth__lte=home.depth + 2)
        .order_by("path")
    )
    items = []
    for page in pages:
        if page.depth == home.depth + 1:
            items.append({**_link(page, request), "children": [], "path": page.path})
        elif items and page.path.startswith(items[-1]["path"]):
            items[-1]["children"].append(_link(page, request))
    return items


def _footer(settings_obj: OrganisationSettings, locale: Locale) -> dict | None:
    footer = settings_obj.footer
    if footer is None:
        return None
    footer = footer.get_translation_or_none(locale) or footer
    return {
        "organisation_name": footer.organisation_name,
        "address": footer.address,
        "about": html_with_absolute_urls(footer.about),
    }


@router.get(
    "/site/",
    response=SiteSchema,
    url_name="portal_site",
    summary="Navigation, footer and contact details of a language",
    operation_id="portal_site",
)
def site_view(request: HttpRequest, locale: LanguageCode = settings.LANGUAGE_CODE):
    site = _site(request)
    locale_obj = get_object_or_404(Locale, language_code=locale)
    home = _home(site, locale_obj)
    organisation = OrganisationSettings.for_site(site)
    return {
        "locale": locale,
        "site_name": site.site_name or settings.WAGTAIL_SITE_NAME,
        "home": _link(home, request),
        "menu": _menu(home, request),
        "footer": _footer(organisation, locale_obj),
        "contact": {
            "email": organisation.email,
            "phone": organisation.phone,
            "hotline": organisation.hotline,
        },
        "social_links": [{"name": n, "url": u} for n, u in organisation.social_links()],
        "languages": [
            {"code": code, "name": name, "home_url": absolute_url(f"/{code}/")}
            for code, name in settings.LANGUAGES
        ],
    }


@router.get(
    "/site/find/",
    response={302: None},
    url_name="portal_find_by_path",
    summary="Find a page by its public path (/bg/… or /en/…)",
    operation_id="portal_find_by_path",
)
def find_by_path(request: HttpRequest, path: str):
    """Redirects to the page's detail in the API; the query string (other than `path`) is
    kept."""
    components = [part for part in path.split("/") if part]
    codes = {code for code, _name in settings.LANGUAGES}
    language = components.pop(0) if components and components[0] in codes else None
    locale = get_object_or_404(Locale, language_code=language or settings.LANGUAGE_CODE)
    home = _home(_site(request), locale)
    try:
        page = home.specific.route(request, components).page
    except Http404:
        page = None
    if page is None or not visible_pages_queryset(request).filter(pk=page.pk).exists():
        raise Http404(f"No page is published at {path}")
    query = request.GET.copy()
    query.pop("path", None)
    target = reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page.pk})
    return redirect(f"{target}?{query.urlencode()}" if query else target)


@router.get(
    "/pages/{page_id}/translations/",
    response=list[TranslationSchema],
    url_name="portal_page_translations",
    summary="The language versions of a page (the page itself included)",
    operation_id="portal_page_translations",
)
def page_translations(request: HttpRequest, page_id: int):
    visible = visible_pages_queryset(request)
    page = get_object_or_404(visible, pk=page_id)
    versions = (
        visible.filter(translation_key=page.translation_key)
        .select_related("locale")
        .order_by("locale_id")
    )
    return [
        {**_link(version, request), "locale": version.locale.language_code} for version in versions
    ]
