"""What search stores besides the index: the topic/audience labels pages expose for
filtering, the index's vocabulary, the synonyms editors manage, and daily counts of what
people searched for (no personal data: only the normalised query text, the language, the
day and two counters)."""

import re

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, TranslatableMixin


class PageFacet(models.Model):
    """A topic or audience label of a page, copied from `page.search_facets()` on save so
    that every backend can filter by it with one indexed lookup."""

    NAMES = ("topic", "audience")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=20, choices=[(name, name) for name in NAMES])
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["name", "value"])]
        constraints = [
            models.UniqueConstraint(fields=["page", "name", "value"], name="unique_page_facet")
        ]

    @classmethod
    def refresh(cls, page) -> None:
        # Labels in the page's language, whatever language the editor works in.
        with translation.override(page.search_language):
            facets = page.search_facets()
        rows = [
            cls(page_id=page.pk, name=name, value=str(value)[:100])
            for name, values in facets.items()
            if name in cls.NAMES
            for value in dict.fromkeys(values)
            if value
        ]
        if not rows:
            cls.objects.filter(page_id=page.pk).delete()
            return
        with transaction.atomic():
            cls.objects.filter(page_id=page.pk).delete()
            cls.objects.bulk_create(rows)


class QueryStat(models.Model):
    language = models.CharField(_("language"), max_length=8)
    query = models.CharField(_("query"), max_length=200)
    day = models.DateField(_("day"))
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        verbose_name = _("search query statistic")
        verbose_name_plural = _("search query statistics")
        constraints = [
            models.UniqueConstraint(fields=["language", "query", "day"], name="unique_query_day")
        ]

    @classmethod
    def record(cls, language: str, query: str, total: int) -> None:
        query = " ".join(query.lower().split())[:200]
        if not query:
            return
        lookup = {"language": language, "query": query, "day": timezone.localdate()}
        changes = {"searches": F("searches") + 1}
        if total == 0:
            changes["zero_results"] = F("zero_results") + 1
        if cls.objects.filter(**lookup).update(**changes):
            return
        try:
            with transaction.atomic():
                cls.objects.create(**lookup, searches=1, zero_results=int(total == 0))
        except IntegrityError:  # created by a simultaneous request
            cls.objects.filter(**lookup).update(**changes)


class SearchTerm(models.Model):
    """A word as it appears on a live page, with its normalised key: the vocabulary that
    typo correction and transliteration check a query against. Words are added when a page
    is published; `manage.py search_vocabulary` rebuilds the list from the live pages."""

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=40)
    key = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="unique_search_term")
        ]


class SearchSynonym(TranslatableMixin, models.Model):
    """Words that mean the same to searchers (an acronym and its full name, two names of
    one thing), per language; a query with any of them also finds the others."""

    term = models.CharField(
        _("term"), max_length=200, help_text=_("A word, phrase or acronym, e.g. “НМН”.")
    )
    equivalents = models.TextField(
        _("equivalents"),
        help_text=_(
            "Words, phrases or acronyms a searcher may use for the same thing, one per line "
            "(or separated by commas)."
        ),
    )

    panels = [FieldPanel("term"), FieldPanel("equivalents")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.term

    def members(self) -> list[str]:
        """The term and its equivalents, each once, in the order the editor wrote them."""
        parts = [self.term, *re.split(r"[\n,;]", self.equivalents)]
        return list(dict.fromkeys(" ".join(part.split()) for part in parts if part.strip()))
