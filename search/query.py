"""Turning what a searcher typed into a safe, normalised query.

Whatever arrives (100,000 characters, NUL bytes, quotes, operators, SQL) becomes at most
MAX_QUERY_CHARS characters of display text and a short list of word keys; only word
characters ever reach a search backend, so nothing the searcher types is interpreted as
query syntax."""

import re
import unicodedata
from dataclasses import dataclass, field

from .normalise import key, tokens

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
PHRASE_RE = re.compile(r'"([^"]*)"')


def clean_text(raw: str) -> str:
    """Drop control characters (NUL included), collapse spaces and truncate."""
    raw = (raw or "")[: MAX_QUERY_CHARS * 4]
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw)
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


@dataclass
class ParsedQuery:
    text: str
    language: str
    keys: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.keys)

    @property
    def all_keys(self) -> set[str]:
        return set(self.keys)


def _word_keys(text: str, language: str) -> list[str]:
    return [key(word, language) for word in tokens(text) if word not in OPERATORS]


def parse_query(raw: str, language: str) -> ParsedQuery:
    text = clean_text(raw)
    parsed = ParsedQuery(text=text, language=language)
    for phrase in PHRASE_RE.findall(text):
        phrase_keys = _word_keys(phrase, language)[:MAX_TERMS]
        if len(phrase_keys) > 1:
            parsed.phrases.append(phrase_keys)
    seen = set()
    for word_key in _word_keys(text, language):
        if word_key not in seen:
            seen.add(word_key)
            parsed.keys.append(word_key)
    parsed.keys = parsed.keys[:MAX_TERMS]
    return parsed
