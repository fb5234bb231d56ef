"""StreamField blocks shared by every content app. Each has its own template under
templates/blocks/. Tables are built from plain blocks (not the JavaScript table widget) so
that wagtail-localize can translate every cell."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from . import visibility
from .public_urls import absolute_url


def new_anchor(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# An anchor becomes an id and a URL fragment: a Latin letter, then Latin letters, digits,
# hyphens and underscores, so it needs no escaping anywhere.
SAFE_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


def with_anchor(value, prefix: str):
    """The block's value with its anchor checked, or a new one when the editor left it
    empty."""
    anchor = value.get("anchor")
    if not anchor:
        value["anchor"] = new_anchor(prefix)
    elif not SAFE_ANCHOR.fullmatch(anchor):
        message = _(
            "Use up to 64 Latin letters, digits, hyphens (-) and underscores (_), starting "
            "with a letter, for example “who-takes-part”."
        )
        raise StructBlockValidationError(block_errors={"anchor": ValidationError(message)})
    return value


class StableAnchorBlock(blocks.CharBlock):
    """An identifier (a heading's or a clause's anchor) synchronised with the source page
    instead of translated: wagtail-localize offers translators no segment for it and copies
    the source's value, so a link to it works in every language and after any rewording."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("label", _("Anchor"))
        kwargs.setdefault(
            "help_text", _("Filled in automatically when empty; keep it so links stay valid.")
        )
        super().__init__(**kwargs)

    # wagtail-localize: no string segment, so the translation keeps the source's value.
    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class AnchoredHeadingBlock(blocks.StructBlock):
    """A section heading whose anchor is an identifier stored in the block, so links to it
    survive edits to the heading's wording and the text around it. The one heading of every
    body (handbook chapters, articles, events, content pages, lessons)."""

    level = blocks.ChoiceBlock(
        choices=[("2", _("Level 2")), ("3", _("Level 3")), ("4", _("Level 4"))], default="2"
    )
    text = blocks.CharBlock(label=_("Heading"))
    anchor = StableAnchorBlock()

    def clean(self, value):
        return with_anchor(super().clean(value), "s")

    class Meta:
        icon = "title"
        template = "blocks/anchored_heading_block.html"
        label = _("Section heading")


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    def get_api_representation(self, value, context=None):
        image = value["image"]
        rendition = image.get_rendition("max-1200x1200") if image else None
        return {
            "image": rendition
            and {
                "id": image.pk,
                "url": absolute_url(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "alt": rendition.alt,
            },
            "caption": value["caption"],
        }

    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"
        label = _("Figure")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    source = blocks.CharBlock(required=False, label=_("Source"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("key_point", _("Key point")),
            ("good_practice", _("Good practice")),
            ("checklist", _("Checklist")),
            ("note", _("Note")),
        ],
        default="key_point",
        label=_("Kind"),
    )
    title = blocks.CharBlock(required=False, label=_("Title"))
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Text"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["kind_label"] = dict(self.child_blocks["kind"].field.choices).get(value["kind"], "")
        return context

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Call-out")


class TableRowBlock(blocks.StructBlock):
    cells = blocks.ListBlock(blocks.CharBlock(required=False), label=_("Cells"))

    class Meta:
        icon = "list-ul"
        label = _("Row")


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("Caption"))
    header = blocks.ListBlock(blocks.CharBlock(), label=_("Column headings"))
    rows = blocks.ListBlock(TableRowBlock(), label=_("Rows"))

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        label = _("Table")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(required=False, label=_("Link text"))

    def get_api_representation(self, value, context=None):
        document = value["document"]
        if not visibility.can_see_document(document):
            document = None
        return {
            "document": document
            and {"id": document.pk, "title": document.title, "url": absolute_url(document.url)},
            "label": value["label"],
        }

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        label = _("Document")


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


class BaseBodyBlock(blocks.StreamBlock):
    """The body of generic content: headings, text, figures, quotes, tables, documents."""

    heading = AnchoredHeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    figure = FigureBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    table = TableBlock()
    document = DocumentLinkBlock()


class ActivityBlock(blocks.StructBlock):
    """One activity of a project; activities nest, and their numbers (1.1, 1.1.1) are
    computed when the page renders, never typed."""

    title = blocks.CharBlock(label=_("Activity"))
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "list-ol"
        label = _("Activity")


class SubActivityBlock(ActivityBlock):
    subactivities = blocks.ListBlock(ActivityBlock(), required=False, label=_("Sub-activities"))


class TopActivityBlock(ActivityBlock):
    subactivities = blocks.ListBlock(SubActivityBlock(), required=False, label=_("Sub-activities"))


class ObjectiveBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Objective"))
    activities = blocks.ListBlock(TopActivityBlock(), required=False, label=_("Activities"))

    class Meta:
        icon = "pick"
        template = "blocks/objective_block.html"
        label = _("Objective")


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
