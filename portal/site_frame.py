"""The frame of every page: the localised home page, the main menu and the footer's
organisation details, for one site, one language and one view of the site (what the
visitor may not see). It is built with at most three queries and remembered in each process
under the frame's generation (`portal.frame_generation`), which publishing, unpublishing,
moving, deleting or saving a page, changing a view restriction, a collection, the footer,
the organisation's settings, a site or a locale renews, so that the next request builds it
anew.
"""

import copy
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal import visibility
from portal.frame_generation import invalidate, remember


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    path: str


@dataclass(frozen=True)
class Frame:
    home_url: str
    menu: tuple[MenuItem, ...]
    organisation: object  # OrganisationSettings
    footer: object  # FooterText in the frame's language, or None


def _invalidate_for_pages(sender, **kwargs):
    if isinstance(sender, type) and issubclass(sender, Page):
        invalidate()


def _invalidate_unless_created(sender, created=False, **kwargs):
    if not created:
        invalidate()


def connect_signals():
    from .models import FooterText, OrganisationSettings

    page_published.connect(invalidate, dispatch_uid="site-frame-published")
    page_unpublished.connect(invalidate, dispatch_uid="site-frame-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="site-frame-moved")
    post_save.connect(_invalidate_for_pages, dispatch_uid="site-frame-page-saved")
    post_delete.connect(_invalidate_for_pages, dispatch_uid="site-frame-page-deleted")
    # The settings row that a first request creates holds nothing yet: the frame built by
    # that request has it already.
    post_save.connect(
        _invalidate_unless_created, sender=OrganisationSettings, dispatch_uid="site-frame-org"
    )
    for model in (
        FooterText,
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        Site,
        Locale,
    ):
        name = model.__name__
        post_save.connect(invalidate, sender=model, dispatch_uid=f"site-frame-{name}-saved")
    for model in (
        FooterText,
        OrganisationSettings,
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        Site,
        Locale,
    ):
        name = model.__name__
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"site-frame-{name}-deleted")
    for model in (PageViewRestriction, CollectionViewRestriction):
        m2m_changed.connect(
            invalidate, sender=model.groups.through, dispatch_uid=f"site-frame-{model.__name__}"
        )


def view_key() -> str:
    """Short for what the current visitor may not see: visitors with the same restrictions
    share a frame."""
    return visibility.current().view_key


def for_request(request) -> Frame | None:
    frame = getattr(request, "_site_frame", None)
    if frame is not None:
        return frame
    site = Site.find_for_request(request)
    if site is None:
        return None
    locale = Locale.get_active()
    key = f"frame:{site.pk}:{locale.language_code}:{view_key()}"
    frame = remember(key, lambda: _build(site, locale, request))
    request._site_frame = frame
    return frame


def _build(site, locale, request) -> Frame:
    home, children = _home_and_menu(site.root_page, locale)
    organisation, footer = _organisation_and_footer(site, locale)
    return Frame(
        home_url=home.get_url(request),
        menu=tuple(MenuItem(p.title, p.get_url(request), p.path) for p in children),
        organisation=organisation,
        footer=footer,
    )


def _home_and_menu(root, locale):
    """The root's translation in `locale` (the root itself when it has none, as Wagtail's
    `localized` does) and its children shown in menus, in one query."""
    depth = root.depth
    rows = visibility.pages(
        Page.objects.filter(locale=locale).filter(
            Q(depth=depth, translation_key=root.translation_key)
            | Q(depth=depth + 1, show_in_menus=True)
        )
    ).order_by("path")
    rows = list(rows)
    home = next((p for p in rows if p.depth == depth), None)
    if home is None:
        return root, list(visibility.pages(root.get_children().in_menu()))
    return home, [p for p in rows if p.depth == depth + 1 and p.path.startswith(home.path)]


def _organisation_and_footer(site, locale):
    from .models import FooterText, OrganisationSettings

    organisation = OrganisationSettings.objects.select_related("footer").filter(site=site).first()
    if organisation is None:
        organisation = OrganisationSettings.for_site(site)
    footer = organisation.footer
    if footer is not None and footer.locale_id != locale.pk:
        translation = FooterText.objects.filter(
            translation_key=footer.translation_key, locale=locale
        ).first()
        footer = translation or footer
    return organisation, footer


def localized_home(site):
    """The site's home page in the active language, as Wagtail's routing starts from it
    (`site.root_page.localized.specific`), remembered under the frame's generation. Each
    request gets its own copy, as the page is served and annotated like any other."""
    locale = Locale.get_active()
    key = f"home:{site.pk}:{locale.language_code}"
    return copy.copy(remember(key, lambda: site.root_page.localized.specific))
