"""The contract between content types and search: a page lists its sections (anchor,
heading, plain text); search indexes their lemmatised text and links a match to the
section it falls in."""

from dataclasses import dataclass

from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from .normalise import normalise_text


@dataclass(frozen=True)
class SearchSection:
    anchor: str | None
    heading: str
    text: str


class SearchablePageMixin:
    """Mix into a page type and override `search_sections` to make its body searchable."""

    search_fields = Page.search_fields + [
        index.SearchField("search_text"),
    ]

    def search_sections(self) -> list[SearchSection]:
        return []

    def search_text(self) -> str:
        language = self.locale.language_code if self.locale_id else "bg"
        parts = [self.title, getattr(self, "search_description", "")]
        for section in self.search_sections():
            parts.append(section.heading)
            parts.append(strip_tags(section.text))
        return normalise_text(" ".join(part for part in parts if part), language)


def sections_from_stream(stream_value, intro_heading: str = "") -> list[SearchSection]:
    """Split a StreamField value into sections at each anchored heading block (a block
    whose value has `anchor` and `text`); everything before the first heading belongs to
    an untitled first section."""
    sections: list[SearchSection] = []
    anchor, heading, texts = None, intro_heading, []
    for child in stream_value:
        value = child.value
        if hasattr(value, "get") and value.get("anchor") and value.get("text"):
            if texts or heading:
                sections.append(SearchSection(anchor, heading, " ".join(texts)))
            anchor, heading, texts = value["anchor"], value["text"], []
            continue
        texts.extend(str(piece) for piece in child.block.get_searchable_content(value))
    if texts or heading:
        sections.append(SearchSection(anchor, heading, " ".join(texts)))
    return sections
