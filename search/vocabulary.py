"""The index's own vocabulary: every word on a live page, per language, with its key.

Typo correction looks a query word up here and, when neither the word nor its key is
known, takes the closest known word (rapidfuzz's optimal string alignment distance, in which
swapping two neighbouring letters counts as one edit, as it does for a typist): one edit for
words of up to seven letters, two for longer ones. Each process keeps the list in memory and
reloads it when a publication adds new words (a version number in the shared cache) or
after VOCABULARY_SECONDS."""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from .models import SearchTerm
from .normalise import MAX_WORD, key, tokens

VERSION_KEY = "search:vocabulary-version"
VOCABULARY_SECONDS = 300
MIN_WORD = 3


@dataclass
class Vocabulary:
    words: dict[str, str] = field(default_factory=dict)  # word → key
    keys: set[str] = field(default_factory=set)
    by_length: dict[int, list[str]] = field(default_factory=dict)

    def knows(self, word: str, language: str) -> bool:
        lowered = word.lower()
        return lowered in self.words or key(lowered, language) in self.keys

    def closest(self, word: str) -> str | None:
        """The known word nearest to `word` within the allowed edits, or None."""
        from rapidfuzz import process  # only searches that need it load it
        from rapidfuzz.distance import OSA

        word = word.lower()
        if len(word) < 4:
            return None
        edits = 1 if len(word) <= 7 else 2
        choices = [
            choice
            for length in range(len(word) - edits, len(word) + edits + 1)
            for choice in self.by_length.get(length, ())
        ]
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=edits, limit=8)
        if not found:
            return None
        # Closest first; among equals, the one sharing the longest start with the word.
        return min(found, key=lambda item: (item[1], -_common_prefix(word, item[0]), item[0]))[0]


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        length += 1
    return length


_loaded: dict[str, tuple[object, float, Vocabulary]] = {}


def vocabulary(language: str) -> Vocabulary:
    version = cache.get(VERSION_KEY, 0)
    held = _loaded.get(language)
    if held is not None and held[0] == version and time.monotonic() - held[1] < VOCABULARY_SECONDS:
        return held[2]
    loaded = Vocabulary()
    for word, word_key in SearchTerm.objects.filter(language=language).values_list("word", "key"):
        loaded.words[word] = word_key
        loaded.keys.add(word_key)
        loaded.by_length.setdefault(len(word), []).append(word)
    _loaded[language] = (version, time.monotonic(), loaded)
    return loaded


def forget() -> None:
    """Drop every process's copy (the next search reloads it)."""
    _loaded.clear()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def page_words(text: str) -> set[str]:
    return {
        word
        for word in (token.lower() for token in tokens(text))
        if MIN_WORD <= len(word) <= MAX_WORD and not word.isdigit()
    }


def add_words(language: str, words: set[str]) -> None:
    """Record the words a published page holds (those already known cost one lookup)."""
    known = set(
        SearchTerm.objects.filter(language=language, word__in=words).values_list("word", flat=True)
    )
    new = words - known
    if new:
        SearchTerm.objects.bulk_create(
            [SearchTerm(language=language, word=word, key=key(word, language)) for word in new],
            ignore_conflicts=True,
        )
        transaction.on_commit(forget)


def rebuild(pages) -> int:
    """Replace the vocabulary with the words of `pages` (live searchable pages)."""
    words: dict[str, set[str]] = {}
    for page in pages:
        words.setdefault(page.search_language, set()).update(page_words(page.search_plain_text()))
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        for language, language_words in words.items():
            SearchTerm.objects.bulk_create(
                [
                    SearchTerm(language=language, word=w, key=key(w, language))
                    for w in language_words
                ],
                batch_size=1000,
            )
    forget()
    return sum(len(language_words) for language_words in words.values())
