"""Translate demo content the way an editor would in wagtail-localize: the English text is
recorded as string translations of the Bulgarian source and the English page is created
from them, so later edits and syncs in the admin behave as for any translated page.

The English text comes from an unsaved "shadow" instance built with the same structure as
the Bulgarian one; the segments that wagtail-localize extracts from both line up one to
one, in order."""

from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


class ShadowMismatch(ValueError):
    pass


def _with_block_ids(instance):
    """Unsaved StreamField values have no block ids yet; a round trip through the
    database representation gives them some, as saving would."""
    for field in instance._meta.get_fields():
        if isinstance(field, StreamField):
            value = field.value_from_object(instance)
            setattr(instance, field.attname, field.to_python(field.get_prep_value(value)))
    return instance


def _string_segments(instance):
    return [s for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


def translate(source_obj, shadow, locale: Locale):
    """Create (or update) the `locale` translation of `source_obj` (a page or a
    translatable snippet) from the text of `shadow`; return the translated object."""
    source_segments = _string_segments(source_obj)
    shadow_segments = _string_segments(_with_block_ids(shadow))
    if len(source_segments) != len(shadow_segments):
        raise ShadowMismatch(
            f"{source_obj!r}: {len(source_segments)} source strings but "
            f"{len(shadow_segments)} translated ones; the two versions must share a structure"
        )
    wanted = {
        (src.path, src.string.data): dst.string.data
        for src, dst in zip(source_segments, shadow_segments, strict=True)
    }

    source, _created = TranslationSource.update_or_create_from_instance(source_obj)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = wanted.get((segment.context.path, segment.string.data))
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": "manual"},
        )
    if not isinstance(source_obj, Page):
        translation.save_target()
        return source_obj.get_translation(locale)
    # wagtail-localize publishes on commit; publish here so the result does not depend on
    # the surrounding transaction (tests never commit theirs).
    translation.save_target(publish=False)
    translated = source_obj.get_translation(locale).specific
    translated.get_latest_revision().publish()
    return translated
