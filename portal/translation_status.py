"""Where the translations stand: for every page and translatable snippet written in the
default language (Bulgarian), whether each other language's version is missing, up to date
or out of date with its source, and how many of its strings are still untranslated.

"Out of date" means the source changed after wagtail-localize last took its strings (the
last sync): for pages and publishable snippets, published after that; for other snippets,
their strings now differ from those taken. A version that only mirrors its source (an
alias) counts as missing. The whole report costs a fixed number of queries, plus one
extraction per snippet without a publication date."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

MISSING, OUT_OF_DATE, UP_TO_DATE = "missing", "out_of_date", "up_to_date"
STATES = {
    MISSING: _("Missing"),
    OUT_OF_DATE: _("Out of date"),
    UP_TO_DATE: _("Up to date"),
}


@dataclass
class Row:
    source: object  # the page or snippet in the default language
    locale: Locale
    state: str
    untranslated: int = 0
    edit_url: str = ""
    translation_edit_url: str = ""
    action_url: str = ""  # translate (missing) or sync (out of date)

    @property
    def kind(self) -> str:
        return str(self.source._meta.verbose_name).capitalize()

    @property
    def language(self) -> str:
        return get_language_info(self.locale.language_code)["name_translated"]

    @property
    def state_label(self):
        return STATES[self.state]

    @property
    def action_label(self):
        return {MISSING: _("Translate"), OUT_OF_DATE: _("Sync")}.get(self.state, "")


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)

    @cached_property
    def counts(self) -> Counter:
        return Counter(row.state for row in self.rows)

    @cached_property
    def with_untranslated_strings(self) -> int:
        return sum(1 for row in self.rows if row.state != MISSING and row.untranslated)

    @property
    def needs_work(self) -> bool:
        return bool(
            self.counts[MISSING] or self.counts[OUT_OF_DATE] or self.with_untranslated_strings
        )


def default_locale() -> Locale:
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def _strings(obj) -> set:
    return {
        (segment.path, segment.string.data)
        for segment in extract_segments(obj)
        if isinstance(segment, StringSegmentValue)
    }


def _stored_strings(source: TranslationSource) -> set:
    return set(
        StringSegment.objects.filter(source=source).values_list("context__path", "string__data")
    )


def _source_changed(obj, source: TranslationSource) -> bool:
    """The text to translate differs from what was last taken for translation. A page not
    published since then cannot differ (the cheap test first); a page republished with the
    same text (a new status, new links) has nothing new to translate."""
    if hasattr(obj, "last_published_at"):
        published = obj.last_published_at
        if published is None or published <= source.last_updated_at:
            return False
    return _strings(obj) != _stored_strings(source)


def _untranslated_by_source(sources, locale) -> dict[int, int]:
    segments = StringSegment.objects.filter(source__in=sources)
    totals = dict(segments.values_list("source_id").annotate(n=Count("pk")))
    done = dict(
        segments.filter(
            Exists(
                StringTranslation.objects.filter(
                    translation_of_id=OuterRef("string_id"),
                    context_id=OuterRef("context_id"),
                    locale=locale,
                    has_error=False,
                )
            )
        )
        .values_list("source_id")
        .annotate(n=Count("pk"))
    )
    return {source_id: total - done.get(source_id, 0) for source_id, total in totals.items()}


def _rows_for(model, objects, source_locale, locale, finder) -> list[Row]:
    keys = [obj.translation_key for obj in objects]
    translated = {key: (pk, alias_of) for key, pk, alias_of in _translations(model, keys, locale)}
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(object_id__in=keys, locale=source_locale)
    }
    enabled = set(
        Translation.objects.filter(source__in=sources.values(), target_locale=locale).values_list(
            "source_id", flat=True
        )
    )
    untranslated = _untranslated_by_source(list(sources.values()), locale)
    rows = []
    for obj in objects:
        row = Row(source=obj, locale=locale, state=MISSING)
        row.edit_url = finder.get_edit_url(obj) or ""
        target = translated.get(obj.translation_key)
        source = sources.get(obj.translation_key)
        if target is None or target[1] is not None:
            row.action_url = _translate_url(obj)
        else:
            row.translation_edit_url = _edit_url(model, target[0])
            if source is not None and source.pk in enabled and _source_changed(obj, source):
                row.state = OUT_OF_DATE
                row.action_url = reverse("wagtail_localize:update_translations", args=[source.pk])
            else:
                row.state = UP_TO_DATE
            row.untranslated = untranslated.get(source.pk, 0) if source is not None else 0
        rows.append(row)
    return rows


def _translations(model, keys, locale):
    manager = Page.objects if issubclass(model, Page) else model._default_manager
    fields = ["translation_key", "pk"]
    rows = manager.filter(translation_key__in=keys, locale=locale)
    if issubclass(model, Page):
        return rows.values_list(*fields, "alias_of_id")
    return ((key, pk, None) for key, pk in rows.values_list(*fields))


def _translate_url(obj) -> str:
    if isinstance(obj, Page):
        return reverse("wagtail_localize:submit_page_translation", args=[obj.pk])
    meta = obj._meta
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[meta.app_label, meta.model_name, obj.pk],
    )


def _edit_url(model, pk) -> str:
    if issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[pk])
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[pk])


def page_status(page, user) -> list[Row]:
    """The rows of one page in the default language, one per other language."""
    source_locale = default_locale()
    finder = AdminURLFinder(user)
    return [
        row
        for locale in Locale.objects.exclude(pk=source_locale.pk)
        for row in _rows_for(Page, [page], source_locale, locale, finder)
    ]


def translation_status(user, kinds=("pages", "snippets")) -> Report:
    """Every source the user may edit, once per other language."""
    source_locale = default_locale()
    finder = AdminURLFinder(user)
    report = Report()
    for locale in Locale.objects.exclude(pk=source_locale.pk).order_by("language_code"):
        if "pages" in kinds:
            pages = list(
                Page.objects.filter(locale=source_locale, depth__gt=1, alias_of__isnull=True)
                .specific()
                .order_by("path")
            )
            report.rows += _rows_for(Page, pages, source_locale, locale, finder)
        if "snippets" in kinds:
            for model in get_snippet_models():
                if not issubclass(model, TranslatableMixin):
                    continue
                objects = list(model._default_manager.filter(locale=source_locale))
                report.rows += _rows_for(model, objects, source_locale, locale, finder)
    return report
