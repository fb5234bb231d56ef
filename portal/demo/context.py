"""Idempotent building blocks for demo content: find-or-create a page or snippet in
Bulgarian and give it an English translation through wagtail-localize."""

from dataclasses import dataclass, field

from django.db import models
from wagtail.models import Locale, Page

from .translation import translate


@dataclass
class DemoContext:
    bg: Locale
    en: Locale
    bg_home: Page
    en_home: Page
    stdout: object = None
    created: list[str] = field(default_factory=list)

    def log(self, message: str) -> None:
        self.created.append(message)
        if self.stdout is not None:
            self.stdout.write(f"  {message}")

    def page(
        self,
        parent: Page,
        cls: type[Page],
        slug: str,
        bg: dict,
        en: dict | None = None,
        shared: dict | None = None,
    ) -> Page:
        """The Bulgarian page `slug` under `parent`, created and published if missing, and
        its English translation (from the `en` fields) if it has none yet."""
        shared = shared or {}
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            page = existing.specific
        else:
            page = cls(slug=slug, **shared, **bg)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.log(f"page {page.url_path}")
        if en is not None and not page.has_translation(self.en):
            shadow = cls(**{"slug": slug, **shared, **en})
            translate(page, shadow, self.en)
            self.log(f"translation of {page.url_path}")
        return page

    def snippet(
        self,
        cls: type[models.Model],
        lookup: dict,
        bg: dict,
        en: dict | None = None,
        shared: dict | None = None,
    ):
        shared = shared or {}
        obj = cls.objects.filter(locale=self.bg, **lookup).first()
        if obj is None:
            obj = cls.objects.create(locale=self.bg, **lookup, **shared, **bg)
            self.log(f"{cls._meta.verbose_name} {obj}")
        if en is not None and not obj.has_translation(self.en):
            shadow = cls(**{**lookup, **shared, **en})
            translate(obj, shadow, self.en)
            self.log(f"translation of {cls._meta.verbose_name} {obj}")
        return obj

    def english(self, page: Page) -> Page | None:
        translation = page.get_translation_or_none(self.en)
        return translation.specific if translation else None
