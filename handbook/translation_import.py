"""Import a translation from Word: the English .docx of a chapter or guidance document
that exists in Bulgarian fills its wagtail-localize translation string by string.

The file is lined up with the page part by part (handbook.translation_alignment); the text
of each part that lines up is extracted with wagtail-localize's own segment extraction
from a copy of the page that keeps the page's block ids, so every string lands on the
segment with the same place (and the anchors, which are never translated, stay the
source's). The strings are saved as string translations and the translation is saved as a
draft, as the translation editor does; the editor finishes what is left untranslated
there."""

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext_noop
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .models import ChapterPage
from .translation_alignment import MISSING, Alignment, align_chapter, align_document


def align(page, plan: dict) -> Alignment:
    if isinstance(page, ChapterPage):
        return align_chapter(page, _only_chapter(plan))
    return align_document(page, plan)


def _only_chapter(plan: dict) -> dict:
    """A chapter's translation is one chapter: a second top-level heading is a section
    too many (reported as extra)."""
    chapters = plan["chapters"] or [{"title": "", "body": []}]
    first, rest = chapters[0], chapters[1:]
    body = list(first["body"])
    for chapter in rest:
        body.append(("heading", {"level": "1", "text": chapter["title"], "anchor": ""}))
        body += chapter["body"]
    return {"title": first["title"], "body": body}


def _strings(instance) -> dict[str, list[str]]:
    """The instance's translatable strings by segment path, in order."""
    found = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            found[segment.path].append(segment.string.data)
    return found


def translations(page, alignment: Alignment) -> dict[tuple[str, int], str]:
    """(segment path, position under that path) → the file's text, for the page fields
    the file gives and every string of a part that lines up. A part in which some path
    has another number of strings (a list with another number of items) is marked as
    different and left out."""
    if not alignment.fits:
        return {}
    source, translated = _strings(page), _strings(alignment.translated)
    for path, strings in source.items():
        part = alignment.part_of_path(path)
        if part and part.status == "filled" and len(translated.get(path, [])) != len(strings):
            part.status = "different"
            part.message = gettext_noop("A list or table has another number of items.")
    result = {}
    for path in source:
        part = alignment.part_of_path(path)
        if (part.status == "filled") if part else (path in alignment.fields):
            for position, text in enumerate(translated[path]):
                if MISSING not in text:
                    result[(path, position)] = text
    return result


def preview(page, plan: dict) -> dict:
    """What the editor sees before confirming: each part and whether it is filled."""
    alignment = align(page, plan)
    filled = translations(page, alignment)
    return {
        "translation": {
            "fits": alignment.fits,
            "title": alignment.translated.title.replace(MISSING, ""),
            "parts": [part.as_dict() for part in alignment.parts],
            "filled": len(filled),
            "strings": sum(len(strings) for strings in _strings(page).values()),
        }
    }


@transaction.atomic
def fill_translation(page, plan: dict, locale: Locale, user=None):
    """Save the file's strings as string translations of the page's translation source
    and save the translated page as a draft. Returns the translated page, or None when
    the outline differs (then nothing is written)."""
    alignment = align(page, plan)
    wanted = translations(page, alignment)
    if not alignment.fits:
        return None
    source, _created = TranslationSource.get_or_create_from_instance(page)
    if not _created:
        source.update_from_db()
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    positions: dict[str, int] = defaultdict(int)
    segments = (
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    )
    for segment in segments:
        path = segment.context.path
        text = wanted.get((path, positions[path]))
        positions[path] += 1
        if text is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": "Word",
                    "last_translated_by": user,
                },
            )
    published = page.get_translation_or_none(locale)
    live_content = published.specific.serializable_data() if published and published.live else None
    translation.save_target(user=user, publish=False)
    translated = page.get_translation(locale).specific
    if live_content is not None:
        # wagtail-localize writes a draft into the page row too, which is what visitors
        # see: put the published text back; the draft stays the latest revision.
        translated = translated.with_content_json(live_content)
        translated.save(clean=False)
    return translated
