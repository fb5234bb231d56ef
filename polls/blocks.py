"""The poll block: a poll anywhere in a StreamField."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class PollBlock(blocks.StructBlock):
    """A poll anywhere in a StreamField; shown in the reader's language."""

    poll = SnippetChooserBlock("polls.Poll", label=_("Poll"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["poll"] = value["poll"].localized if value["poll"] else None
        return context

    class Meta:
        icon = "list-ul"
        template = "blocks/poll_block.html"
        label = _("Poll")
