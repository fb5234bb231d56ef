from dataclasses import dataclass

from django import template
from django.utils.translation import get_language
from wagtail.models import Page

from portal import language_versions, locales, site_frame, visibility
from portal.frame_generation import remember
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
        return language_versions.for_page(page, route, request)
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
    # The link needs the title and the address only: the specific fields stay unread.
    target = getattr(page, "localized_in_bulk", None) or page.localized
    target = target.specific_deferred
    if not visibility.can_see_page(target):
        return None
    language = locales.by_id(target.locale_id).language_code
    return ChosenPage(target, language if language != get_language() else "")


@register.simple_tag
def absolute(path):
    return absolute_url(path)


@register.simple_tag(takes_context=True)
def frame(context):
    """The site frame (home, menu, organisation and footer) of the request (portal.site_frame)."""
    request = context.get("request")
    return site_frame.for_request(request) if request is not None else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    current = frame(context)
    if current is None:
        return {"home_url": None, "items": []}
    page = context.get("page")
    current_path = page.path if isinstance(page, Page) else ""
    return {
        "home_url": current.home_url,
        "items": [
            (item, bool(current_path) and current_path.startswith(item.path))
            for item in current.menu
        ],
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    return {"ancestors": _ancestors_from_depth_2(page), "page": page}


def _ancestors_from_depth_2(page):
    """The page's ancestors from the home page down: from the parents that routing has
    already read (no query) when it has, else from the database, remembered under the
    frame's generation (which moving or publishing a page renews)."""
    ancestors, current = [], page
    while current.depth > 2:
        current = current.__dict__.get("_cached_parent_obj")
        if current is None:
            return remember(
                f"ancestors:{page.path}",
                lambda: list(page.get_ancestors().filter(depth__gte=2)),
            )
        ancestors.append(current)
    return ancestors[::-1]
