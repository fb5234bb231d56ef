from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.wagtail_hooks import PageListingCopyButton

from .models import GuidanceDocumentPage


class NewVersionButton(PageListingCopyButton):
    """A new version of a standard starts as a copy of the current one (see the help of the
    document's Version panel)."""

    label = _("New version")
    icon_name = "plus"


@hooks.register("register_page_header_buttons")
def new_version_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, GuidanceDocumentPage):
        yield NewVersionButton(page=page, next_url=next_url, priority=25)
