"""Page slugs in Latin letters.

Bulgarian titles are transliterated by the official system of the Transliteration Act
(2009), the one on Bulgarian passports and road signs: ж→zh, ц→ts, ч→ch, ш→sh, щ→sht,
ъ→a, ь→y, ю→yu, я→ya, and "ия" at the end of a word → "ia" (България → Bulgaria). The
same rules reach the editor twice: as formatters of the admin's slug field, which fills the
slug while the title is typed, and on save, for slugs that arrive in Cyrillic any other way
(the API, a page created without JavaScript, a copy).

An English translation whose slug is still the Bulgarian source's slug gets one made from
its own English title, so English addresses read in English.
"""

import re

from django.conf import settings
from django.utils.text import slugify
from wagtail.admin.widgets import SlugInput
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

LETTERS = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sht",
    "ъ": "a",
    "ь": "y",
    "ю": "yu",
    "я": "ya",
    "ѝ": "i",
}
# Applied before the letters, in this order: the country's name, which the Act keeps in
# its established form, then "ия" ending a word (not followed by another Cyrillic letter).
WHOLE_WORDS = [
    (r"(?<![а-яѝ])българия(?![а-яѝ])", "bulgaria"),
    (r"ия(?![а-яѝ])", "ia"),
]
WORD_RULES = [(re.compile(pattern, re.IGNORECASE), latin) for pattern, latin in WHOLE_WORDS]


def transliterate(text: str) -> str:
    """`text` with its Bulgarian letters in Latin (lower case where they were replaced)."""
    for pattern, latin in WORD_RULES:
        text = pattern.sub(latin, text)
    return "".join(LETTERS.get(char.lower(), char) for char in text)


def latin_slug(text: str) -> str:
    return slugify(transliterate(text))


class LatinSlugInput(SlugInput):
    """Wagtail's slug field with the transliteration as its formatters, applied in order
    before the slug is made from the title: the word-final rule first."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        formatters = [(pattern, latin, "giu") for pattern, latin in WHOLE_WORDS] + [
            (letter, latin, "giu") for letter, latin in LETTERS.items()
        ]
        super().__init__(attrs=attrs, formatters=formatters, locale=locale)


class LatinSlugMixin:
    """For page models: a missing or Cyrillic slug becomes a transliterated one, and a
    translation that still carries its source's slug gets one from its own title. Runs
    in both of Wagtail's validations, before the page's URL path is worked out."""

    def full_clean(self, *args, **kwargs):
        self._latinise_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._latinise_slug()
        super().minimal_clean()

    def _latinise_slug(self):
        if not self.slug:
            wanted = latin_slug(self.title or "")
        elif not self.slug.isascii():
            wanted = latin_slug(self.slug)
        elif self._repeats_source_slug():
            wanted = latin_slug(self.title)
        else:
            return
        parent = self.get_parent() if self.path else getattr(self, "_cached_parent_obj", None)
        # Without a parent the siblings are unknown: Wagtail cleans again when it saves.
        if wanted and wanted != self.slug and parent is not None:
            self.slug = find_available_slug(parent, wanted, ignore_page_id=self.pk)

    def _repeats_source_slug(self) -> bool:
        if self.locale_id is None or self.locale.language_code == settings.LANGUAGE_CODE:
            return False
        return (
            Page.objects.filter(
                translation_key=self.translation_key,
                locale__language_code=settings.LANGUAGE_CODE,
                slug=self.slug,
            )
            .exclude(pk=self.pk)
            .exclude(title=self.title)
            .exists()
        )
