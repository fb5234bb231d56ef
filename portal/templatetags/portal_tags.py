from dataclasses import dataclass

from django import template
from django.utils.translation import get_language
from wagtail.models import Page, Site

from portal import language_versions, visibility
from portal.public_urls import absolute_url

register = template.Library()


@dataclass(frozen=True)
class ChosenPage:
    page: Page
    # The language of the page when it is not the visitor's (no translation yet), else "".
    other_language: str


@register.simple_tag(takes_context=True)
def get_language_versions(context):
    page = context.get("page")
    request = context.get("request")
    # A page without a URL (a new home page previewed before its site exists) has no
    # language versions to offer yet.
    if isinstance(page, Page) and page.pk and page.url:
        route = ""
        if request and request.path.startswith(page.url) and request.path != page.url:
            route = request.get_full_path()[len(page.url) :]
        return language_versions.for_page(page, route)
    if context.get("page_missing"):
        return language_versions.for_missing_page()
    if context.get("translated_object") is not None:
        return language_versions.for_translatable(context["translated_object"])
    if request is None:
        return []
    return language_versions.for_path(request.path, request.META.get("QUERY_STRING", ""))


@register.filter
def visible_page(page):
    """The page when the visitor may see it, else None (the rule of portal.visibility)."""
    return page if visibility.can_see_page(page) else None


@register.filter
def visible_document(document):
    return document if visibility.can_see_document(document) else None


@register.simple_tag
def chosen_page(page):
    """A page an editor chose (a card, a related page), in the visitor's language when it has
    a live version in it; otherwise the original, with `language` set so that the link can say
    so. None when the visitor may not see it (portal.visibility)."""
    if page is None:
        return None
    target = page.localized.specific
    if not visibility.can_see_page(target):
        return None
    language = target.locale.language_code
    return ChosenPage(target, language if language != get_language() else "")


@register.simple_tag
def absolute(path):
    return absolute_url(path)


@register.simple_tag(takes_context=True)
def get_localized_home(context):
    """The home page of the active language (the site root's translation)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    return site.root_page.localized.specific


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    home = get_localized_home(context)
    items = visibility.pages(home.get_children().in_menu()) if home else []
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "home": home,
        "items": [
            (item, bool(current_path) and current_path.startswith(item.path)) for item in items
        ],
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    return {"ancestors": page.get_ancestors().filter(depth__gte=2), "page": page}
