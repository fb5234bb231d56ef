from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class EntryPointBlock(blocks.StructBlock):
    """A door from the home page into a part of the portal (handbook, standards, training)."""

    page = blocks.PageChooserBlock(label=_("Page"))
    title = blocks.CharBlock(
        required=False, label=_("Title"), help_text=_("Defaults to the page title.")
    )
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "link"
        template = "blocks/entry_point_block.html"
        label = _("Entry point")
