from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.wagtail_hooks import PageListingCopyButton

from . import admin_views
from .models import GuidanceDocumentPage, HandbookPage, StandardsIndexPage


class NewVersionButton(PageListingCopyButton):
    """A new version of a standard starts as a copy of the current one (see the help of the
    document's Version panel)."""

    label = _("New version")
    icon_name = "plus"


@hooks.register("register_page_header_buttons")
def new_version_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, GuidanceDocumentPage):
        yield NewVersionButton(page=page, next_url=next_url, priority=25)


@hooks.register("register_admin_urls")
def word_import_urls():
    return [
        path("word-import/<int:page_id>/", admin_views.start, name="handbook_word_import_start"),
        path("word-import/read/<int:import_id>/", admin_views.detail, name="handbook_word_import"),
    ]


def _import_button(page, user):
    specific_class = page.specific_class
    if (
        specific_class
        and issubclass(specific_class, HandbookPage | StandardsIndexPage)
        and page.permissions_for_user(user).can_add_subpage()
    ):
        yield MenuItem(
            _("Import from Word"),
            reverse("handbook_word_import_start", args=[page.pk]),
            icon_name="doc-full",
            priority=60,
        )


@hooks.register("register_page_listing_more_buttons")
def word_import_listing_button(page, user, next_url=None):
    yield from _import_button(page, user)


@hooks.register("register_page_header_buttons")
def word_import_header_button(page, user, view_name, next_url=None):
    yield from _import_button(page, user)
