"""Snippets with the searched words marked, built from plain text and escaped piece by
piece, so page content can never inject markup into a results page."""

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .mixins import SearchSection
from .normalise import WORD_RE, key
from .query import ParsedQuery

SNIPPET_CHARS = 240


def matching_spans(text: str, keys: set[str], language: str) -> list[tuple[int, int]]:
    return [
        match.span() for match in WORD_RE.finditer(text) if key(match.group(), language) in keys
    ]


def snippet(text: str, keys: set[str], language: str, length: int = SNIPPET_CHARS) -> SafeString:
    """An escaped excerpt of plain `text` around the first matched word, matches in <mark>."""
    text = " ".join((text or "").split())
    spans = matching_spans(text, keys, language)
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), spans[0][1] if spans else start + 1)
    pieces = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of content is escaped above


def best_section(sections: list[SearchSection], query: ParsedQuery) -> SearchSection | None:
    """The section holding most of the query's concepts (stop words are not concepts);
    among equals the deepest (the exact clause, not its parent), then one whose heading
    holds them."""
    best, best_score = None, (0,)
    language = query.language
    for section in sections:
        heading_keys = {key(word, language) for word in WORD_RE.findall(section.heading)}
        text_keys = {key(word, language) for word in WORD_RE.findall(strip_tags(section.text))}
        score = (
            _concepts_in(query, heading_keys | text_keys),
            section.depth,
            _concepts_in(query, heading_keys),
        )
        if score[0] and score > best_score:
            best, best_score = section, score
    return best


def _concepts_in(query: ParsedQuery, section_keys: set[str]) -> int:
    return sum(
        any(set(alternative) <= section_keys for alternative in concept.alternatives)
        for concept in query.concepts
    )
