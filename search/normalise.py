"""Word-form normalisation for Bulgarian and English, applied both when content is indexed
and when a query is parsed, so that "жертви" finds "жертва" whatever the search backend."""

import re
from functools import lru_cache

import simplemma

WORD_RE = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    lowered = word.lower()
    return simplemma.lemmatize(lowered, lang=language).lower()


def tokens(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def normalise_text(text: str, language: str) -> str:
    """Return the text as a space-separated string of lemmas in `language` (bg or en)."""
    return " ".join(lemma(word, language) for word in tokens(text))
