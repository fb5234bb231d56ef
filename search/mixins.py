"""The contract between content types and search: a page lists its sections (anchor,
heading, plain text); search indexes their normalised text and links a match to the
section it falls in. Any page type that inherits the mixin is searchable at once; it may
override the presentation hooks (`search_result_type`, `search_result_date`,
`search_summary`, `search_facets`)."""

from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import capfirst
from modelsearch.backends.base import get_model_root
from wagtail.models import Page
from wagtail.search import index

from .normalise import normalise_text


@dataclass(frozen=True)
class SearchSection:
    anchor: str | None
    heading: str
    text: str
    # How deep the section sits (a clause 1.2.3 is 3, an h3 heading 3): among sections
    # matching equally, the deepest is the most precise link.
    depth: int = 0


class ContractSearchField(index.SearchField):
    """A search field that is a method of this plain (non-model) mixin. Elasticsearch names
    a column after the model that defines it; the mixin is no model, so the column belongs
    to the root page model and is one `search_text` shared by every page type."""

    def get_definition_model(self, cls):
        model = super().get_definition_model(cls)
        return model if hasattr(model, "_meta") else get_model_root(cls)


class NormalisedTitleField(index.SearchField):
    """The title normalised like the body, added to the column the database backends weight
    as the title (next to the title as written; on Elasticsearch it replaces it): a query
    for "жертвите" then meets "Жертви" in a title at title weight."""

    def get_value(self, obj):
        return normalise_text(obj.title, obj.search_language)


class SearchablePageMixin:
    """Mix into a page type and override `search_sections` to make its body searchable."""

    search_fields = Page.search_fields + [
        NormalisedTitleField("title", boost=2),
        ContractSearchField("search_text"),
    ]
    # Ranking hints: listing pages (home, indexes) rank after pages with content of their
    # own; news of about equal relevance ranks newest first.
    search_is_listing = False
    search_is_news = False

    def search_sections(self) -> list[SearchSection]:
        return []

    @property
    def search_language(self) -> str:
        return self.locale.language_code if self.locale_id else "bg"

    @property
    def search_result_type(self) -> str:
        """The label shown next to a result and on the content-type filter."""
        return capfirst(self._meta.verbose_name)

    def search_result_date(self):
        """The date shown with a result (news, events); None where a date does not matter."""
        return None

    def search_summary(self) -> str:
        """Plain text shown as the snippet when no section matches the query words."""
        return getattr(self, "intro", "") or self.search_description or ""

    def search_facets(self) -> dict[str, list[str]]:
        """Topic/audience labels a searcher can filter by, e.g. {"audience": ["Border police"]}."""
        return {}

    def search_plain_text(self) -> str:
        """The page's words as written: what Elasticsearch's language analyzers index."""
        parts = [self.title, self.search_summary()]
        for section in self.search_sections():
            parts.append(section.heading)
            parts.append(strip_tags(section.text))
        return " ".join(part for part in parts if part)

    def search_text(self) -> str:
        return normalise_text(self.search_plain_text(), self.search_language)

    def read_words_once(self) -> None:
        """For an instance that is indexed and then dropped (a bulk index refresh): read
        its words now, once, instead of once for each column the search backend fills from
        them (three on SQLite, five on PostgreSQL)."""
        plain = self.search_plain_text()
        text = normalise_text(plain, self.search_language)
        self.search_plain_text = lambda: plain
        self.search_text = lambda: text


def sections_from_stream(stream_value, intro_heading: str = "") -> list[SearchSection]:
    """Split a StreamField value into sections at each anchored heading block (a block
    whose value has `anchor` and `text`); everything before the first heading belongs to
    an untitled first section."""
    sections: list[SearchSection] = []
    anchor, heading, texts, depth = None, intro_heading, [], 1
    for child in stream_value:
        value = child.value
        if hasattr(value, "get") and value.get("anchor") and value.get("text"):
            if texts or heading:
                sections.append(SearchSection(anchor, heading, " ".join(texts), depth))
            anchor, heading, texts = value["anchor"], value["text"], []
            level = str(value.get("level", ""))
            depth = int(level) if level.isdigit() else 2
            continue
        texts.extend(str(piece) for piece in child.block.get_searchable_content(value))
    if texts or heading:
        sections.append(SearchSection(anchor, heading, " ".join(texts), depth))
    return sections
