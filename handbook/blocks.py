"""Blocks of handbook chapters and of guidance documents (numbered clauses).

Anchors are identifiers stored in the block and never shown to translators
(portal.blocks.StableAnchorBlock): wagtail-localize copies them from the source, so a section
or clause keeps the same id in every language and after any edit to its wording."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# StableAnchorBlock is also named here by the app's first migration.
from portal.blocks import BaseBodyBlock, StableAnchorBlock, with_anchor


class FootnoteBlock(blocks.StructBlock):
    """A note or reference placed after the passage it annotates: it shows a numbered
    marker there and is listed with the chapter's other notes at the end."""

    text = blocks.RichTextBlock(features=["bold", "italic", "link", "document-link"])

    class Meta:
        icon = "pilcrow"
        label = _("Footnote or reference")


class ChapterBodyBlock(BaseBodyBlock):
    """The shared body blocks (their headings' anchors are never translated), and footnotes."""

    footnote = FootnoteBlock()


CLAUSE_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class ClauseBlock(blocks.StructBlock):
    """One clause; its number (1, 1.1, 1.1.1) comes from its position in the tree."""

    anchor = StableAnchorBlock()
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    text = blocks.RichTextBlock(features=CLAUSE_TEXT_FEATURES, required=False, label=_("Text"))

    def clean(self, value):
        return with_anchor(super().clean(value), "c")

    class Meta:
        icon = "list-ol"
        label = _("Clause")


class SubSubClauseBlock(ClauseBlock):
    pass


class SubClauseBlock(ClauseBlock):
    subclauses = blocks.ListBlock(
        SubSubClauseBlock(), required=False, default=[], label=_("Sub-clauses")
    )


class TopClauseBlock(ClauseBlock):
    subclauses = blocks.ListBlock(
        SubClauseBlock(), required=False, default=[], label=_("Sub-clauses")
    )


class ClausesBlock(blocks.StreamBlock):
    clause = TopClauseBlock()
