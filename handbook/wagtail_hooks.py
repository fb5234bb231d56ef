from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.wagtail_hooks import PageListingCopyButton
from wagtail.models import Locale

from portal.admin_actions import offer_in_listing_and_header, register_page_action

from . import admin_views
from .models import ChapterPage, GuidanceDocumentPage, HandbookPage, StandardsIndexPage


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
        path(
            "word-import/<int:page_id>/translation/<str:language>/",
            admin_views.start_translation,
            name="handbook_word_import_translation",
        ),
    ]


register_page_action(
    _("Import from Word"),
    "handbook_word_import_start",
    icon_name="doc-full",
    priority=60,
    page_types=(HandbookPage, StandardsIndexPage),
    allowed=lambda permissions: permissions.can_add_subpage(),
)


@offer_in_listing_and_header
def translation_import_items(page, user):
    """On a chapter or guidance document: one button per language it can be translated
    into; on a translation: the button for its own language (it fills this page)."""
    specific_class = page.specific_class
    if not (specific_class and issubclass(specific_class, ChapterPage | GuidanceDocumentPage)):
        return
    if page.locale.language_code == settings.LANGUAGE_CODE:
        source, languages = page, [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    else:
        source = page.get_translation_or_none(Locale.get_default())
        languages = [page.locale.language_code]
    if source is None or not source.permissions_for_user(user).can_edit():
        return
    for language in languages:
        if language != source.locale.language_code:
            yield MenuItem(
                _("Import %(language)s translation from Word")
                % {"language": admin_views.language_name(language)},
                reverse("handbook_word_import_translation", args=[source.pk, language]),
                icon_name="doc-full",
                priority=61,
            )
