"""Word-form normalisation for Bulgarian and English, applied both when content is indexed
and when a query is parsed, so that "жертви" finds "жертва" whatever the search backend.

A word becomes a *key*: its simplemma lemma when simplemma knows the word, the word itself
otherwise, then a light suffix stemmer. Simplemma guesses badly for words it does not know
("трафикант" → "трафик", "координаторите" → "координаторя"), so unknown words skip it; the
stemmer then folds the inflections the lemma table does not cover ("трафикантите",
"трафиканти", "трафиканта" → "трафикант"; "trafficking", "trafficked" → "traffick").
Index and query go through the same function, so they always meet on the same key.

Two Bulgarian spelling variants are folded first: "ё" (typed on Russian keyboards) is
"ьо", and "ь" anywhere but before "о" is a mistyped "ъ" ("сьгласие"); correct Bulgarian
never has either, so the fold changes only misspellings. Verbal nouns in -ние/-ния
("обучение", "обучения", "обученията") skip simplemma, whose lemmas for them disagree
between singular and plural, and share the stem of the singular.

simplemma (and its dictionaries) is imported at the first word that needs it, so a
process that never indexes or searches does not carry it. Its memory-frugal dictionaries
are used: the same lemmas at about 40 µs a lookup instead of 1 µs (each word is looked up
once per process, see `key`'s cache), for 6 MB of memory instead of 45 MB for both
languages.
"""

import re
from functools import lru_cache

WORD_RE = re.compile(r"\w+", re.UNICODE)
LANGUAGES = ("bg", "en")

# Bulgarian: definite articles first, then plural and gender endings (longest first).
# The stem must keep at least four letters so short words are never mangled.
BG_ARTICLES = ("ите", "ята", "ът", "ят", "то", "те")
BG_ENDINGS = ("ове", "еве", "ия", "и", "а", "я", "е", "о")
EN_ENDINGS = ("ing",)
MIN_STEM = 4
# No word is this long; simplemma's affix search on such strings costs up to a second.
MAX_WORD = 40


BG_VERBAL_NOUN = re.compile(r"(.{3,}н)(?:ие|ия|ието|ията)$")
SOFT_SIGN_NOT_BEFORE_O = re.compile(r"ь(?!о)")


def fold_bulgarian(word: str) -> str:
    """Fold the spelling variants of a lower-case Bulgarian word: ё→ьо, ь→ъ unless before о."""
    return SOFT_SIGN_NOT_BEFORE_O.sub("ъ", word.replace("ё", "ьо"))


def _strip(word: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def light_stem(word: str, language: str) -> str:
    if language == "bg":
        return _strip(_strip(word, BG_ARTICLES), BG_ENDINGS)
    if language == "en":
        return _strip(word, EN_ENDINGS)
    return word


@lru_cache(maxsize=200_000)
def key(word: str, language: str) -> str:
    """The normalised key of one word in `language` (bg or en)."""
    lowered = word.lower()
    if language not in LANGUAGES or lowered.isdigit() or len(lowered) > MAX_WORD:
        return lowered
    if language == "bg":
        lowered = fold_bulgarian(lowered)
        verbal_noun = BG_VERBAL_NOUN.match(lowered)
        if verbal_noun:
            return light_stem(f"{verbal_noun.group(1)}ие", language)
    import simplemma  # loaded on first use (see the module docstring)

    if simplemma.is_known(lowered, lang=language, low_memory=True):
        lowered = simplemma.lemmatize(lowered, lang=language, low_memory=True).lower()
    return light_stem(lowered, language)


def tokens(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def keys(text: str, language: str) -> list[str]:
    return [key(word, language) for word in tokens(text)]


def normalise_text(text: str, language: str) -> str:
    """Return the text as a space-separated string of keys in `language` (bg or en)."""
    return " ".join(keys(text, language))
