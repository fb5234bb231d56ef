"""Query understanding, in one place for every backend: what a searcher typed becomes a
safe list of *concepts*, each a set of alternative word keys that may match.

Whatever arrives (100,000 characters, NUL bytes, quotes, operators, SQL) becomes at most
MAX_QUERY_CHARS characters of display text and a short list of word keys; only word
characters ever reach a search backend, so nothing the searcher types is interpreted as
query syntax. Then, in order:

1. stop words are dropped (unless nothing else is left);
2. spelling variants are folded (in `normalise.key`: ё→ьо, ь→ъ);
3. on the Bulgarian site a word typed in Latin letters that the index does not know gains
   its Cyrillic reading as an alternative ("zhertvi" → "жертви", "4ovek" → "човек");
4. a word the index does not know in either form gets a correction: the closest word of
   the index's vocabulary ("обещетение" → "обезщетение"), offered as "did you mean";
5. the synonyms editors keep (snippet `SearchSynonym`) join as alternatives: a query with
   "НМН" also matches "национален механизъм за насочване", and the reverse.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from .normalise import key, tokens
from .stopwords import is_stop_word
from .transliteration import looks_latin, to_cyrillic

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
PHRASE_RE = re.compile(r'"([^"]*)"')
OTHER_LANGUAGE = {"bg": "en", "en": "bg"}


def clean_text(raw: str) -> str:
    """Drop control characters (NUL included), collapse spaces and truncate."""
    raw = (raw or "")[: MAX_QUERY_CHARS * 4]
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw)
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


@dataclass
class Concept:
    """One thing the searcher asked for: the words typed, and the key sequences that count
    as a match (the typed word's key first, then transliterations and synonyms)."""

    text: str
    alternatives: list[tuple[str, ...]]

    def single_keys(self) -> set[str]:
        return {alternative[0] for alternative in self.alternatives if len(alternative) == 1}


@dataclass
class ParsedQuery:
    text: str
    language: str
    concepts: list[Concept] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    # Typed word → the word of the index it was taken for.
    transliterated: dict[str, str] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)

    def __bool__(self):
        return bool(self.concepts)

    @property
    def keys(self) -> list[str]:
        """The key of each word as typed, in order."""
        return [concept.alternatives[0][0] for concept in self.concepts]

    @property
    def all_keys(self) -> set[str]:
        """Every key that counts as a match: what highlighting and deep links look for."""
        return {k for concept in self.concepts for alt in concept.alternatives for k in alt}

    def corrected_text(self) -> str:
        """The query with each unknown word replaced by its correction ("" if none)."""
        if not self.corrections:
            return ""
        return re.sub(
            r"\w+", lambda match: self.corrections.get(match.group(), match.group()), self.text
        )


def _words(text: str) -> list[str]:
    return [word for word in tokens(text) if word not in OPERATORS]


def _content_words(words: list[str], language: str) -> list[str]:
    content = [word for word in words if not is_stop_word(word, language)]
    return content or words


def _concept(word: str, language: str, parsed: ParsedQuery, vocabularies) -> Concept:
    concept = Concept(word, [(key(word, language),)])
    if vocabularies is None:
        return concept
    own = vocabularies(language)
    if own.knows(word, language):
        return concept
    readings = to_cyrillic(word) if language == "bg" and looks_latin(word) else []
    known = next((reading for reading in readings if own.knows(reading, language)), None)
    if known:
        parsed.transliterated[word] = known
        concept.alternatives.append((key(known, language),))
        return concept
    if readings and vocabularies(OTHER_LANGUAGE[language]).knows(word, "en"):
        return concept  # an English word on the Bulgarian site: the fallback finds it
    correction = own.closest(readings[0] if readings else word)
    if correction:
        parsed.corrections[word] = correction
    return concept


def _apply_synonyms(concepts: list[Concept], groups: list[list[tuple[str, ...]]]):
    """Merge each run of concepts that spells a synonym into one concept whose alternatives
    are the whole group; longer spellings are matched first."""
    spellings = sorted(
        ((member, group) for group in groups for member in group),
        key=lambda item: -len(item[0]),
    )
    merged, position = [], 0
    while position < len(concepts):
        for member, group in spellings:
            end = position + len(member)
            window = concepts[position:end]
            if len(window) == len(member) and all(
                part in concept.single_keys() for part, concept in zip(member, window, strict=True)
            ):
                alternatives = list(dict.fromkeys([*window[0].alternatives, *group]))
                if len(window) > 1:
                    alternatives = list(dict.fromkeys([member, *group]))
                merged.append(Concept(" ".join(c.text for c in window), alternatives))
                position = end
                break
        else:
            merged.append(concepts[position])
            position += 1
    return merged


def parse_query(raw: str, language: str, vocabularies=None, synonyms=None) -> ParsedQuery:
    """Parse what was typed. `vocabularies(language)` (the index's words) enables
    transliteration and corrections, `synonyms` (groups of key sequences) the synonyms;
    without them only the safe, normalised words remain."""
    text = clean_text(raw)
    parsed = ParsedQuery(text=text, language=language)
    for phrase in PHRASE_RE.findall(text):
        phrase_keys = [key(word, language) for word in _words(phrase)][:MAX_TERMS]
        if len(phrase_keys) > 1:
            parsed.phrases.append(phrase_keys)
    seen = set()
    for word in _content_words(_words(text), language):
        word_key = key(word, language)
        if word_key not in seen and len(parsed.concepts) < MAX_TERMS:
            seen.add(word_key)
            parsed.concepts.append(_concept(word, language, parsed, vocabularies))
    if synonyms:
        parsed.concepts = _apply_synonyms(parsed.concepts, synonyms)
    return parsed


def synonym_keys(member: str, language: str) -> tuple[str, ...]:
    """A synonym as the key sequence a query is matched against (stop words left out)."""
    return tuple(key(word, language) for word in _content_words(_words(member), language))
