"""The handbook (a book of chapters) and the standards library (guidance documents made of
numbered clauses, one page per version).

Versions are explicit records: each version of a document is its own GuidanceDocumentPage
sharing a `code` with the others. A version then has its own public URL, translation,
search entry and API representation, and an editor publishes a new one by copying the page.
Wagtail revisions were not used because they are private editing history (drafts, autosaves,
pruned by purge_revisions) and each language has its own unrelated revision history."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal import site_frame, visibility
from portal.api.fields import typed
from portal.audience import Audience, AudienceMixin
from portal.blocks import DocumentLinkBlock
from portal.frame_generation import remember
from portal.public_urls import page_absolute_url
from portal.slugs import LatinSlugMixin
from portal.visibility import SharedRestrictionsMixin
from search.mixins import SearchablePageMixin, SearchSection, sections_from_stream

from . import api_fields
from .blocks import ChapterBodyBlock, ClausesBlock
from .clauses import Clause, build_tree, flatten
from .clauses import compare as compare_clauses
from .editions import PdfEdition, PdfEditionMixin
from .imports import WordImport

__all__ = ["PdfEdition", "WordImport"]  # models of this app declared beside their logic


def check_unique_anchors(anchors):
    """Duplicating a block in the editor copies its anchor: ask for one of them to be
    cleared (a new anchor is then generated) rather than publish ambiguous links."""
    repeated = sorted(anchor for anchor, count in Counter(anchors).items() if anchor and count > 1)
    if repeated:
        raise ValidationError(
            _("These anchors are used more than once: %(anchors)s. Clear the anchor of the copies.")
            % {"anchors": ", ".join(repeated)}
        )


class TranslationFallbackMixin:
    """A page without a translation in some language sends the language switcher to its
    parent's translation (a contents page that offers the original) instead of the home page."""

    fallback_note = _(
        "(not translated yet: the link leads to the contents, which offer the original)"
    )

    def translation_fallback(self, language_code: str) -> tuple[str, str] | None:
        parent = (
            visibility.pages(Page.objects.parent_of(self).first().get_translations())
            .filter(locale__language_code=language_code)
            .first()
        )
        if parent is None:
            return None
        with translation.override(language_code):
            return parent.url + self.fallback_fragment(), str(self.fallback_note)

    def fallback_fragment(self) -> str:
        return f"#{self.contents_anchor()}"


@dataclass
class ChapterEntry:
    """A chapter as listed in a book's contents: its translation, or the original when the
    chapter is not translated into the book's language yet."""

    page: "ChapterPage"
    translated: bool

    @property
    def number(self):
        return self.page.number

    def as_dict(self) -> dict:
        return {
            "number": self.page.number,
            "title": self.page.title,
            "translated": self.translated,
            "language": self.page.locale.language_code,
            "url": page_absolute_url(self.page),
            "sections": self.page.sections(),
        }


class HandbookPage(
    LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, PdfEditionMixin, Page
):
    edition = models.CharField(_("edition"), max_length=120, blank=True)
    original_title = models.CharField(_("original title"), max_length=255, blank=True)
    original_publisher = models.CharField(_("original publisher"), max_length=255)
    original_year = models.PositiveSmallIntegerField(_("year of the original"))
    translators = models.CharField(_("translators"), max_length=255, blank=True)
    licence = models.TextField(_("licence and credit line"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    original_pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF of the original"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["handbook.ChapterPage"]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("edition"),
                FieldPanel("original_title"),
                FieldRowPanel([FieldPanel("original_publisher"), FieldPanel("original_year")]),
                FieldPanel("translators"),
                FieldPanel("licence"),
                FieldPanel("original_pdf"),
            ],
            heading=_("About this edition"),
        ),
    ]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("summary")]
    api_fields = [
        APIField("edition"),
        APIField("original_title"),
        APIField("original_publisher"),
        APIField("original_year"),
        APIField("translators"),
        APIField("licence"),
        APIField("summary"),
        APIField("original_pdf"),
        APIField("chapters", serializer=typed(list[api_fields.ChapterEntryData], "chapters_data")),
    ]

    class Meta:
        verbose_name = _("handbook")

    def search_sections(self):
        return [SearchSection(None, self.original_publisher, self.summary)]

    def search_summary(self):
        return self.summary

    @cached_property
    def chapter_entries(self) -> list[ChapterEntry]:
        """The chapters in order; in a translated book, chapters not translated yet are
        listed as their originals. Three queries whatever the size of the book."""
        own = list(visibility.pages(ChapterPage.objects.child_of(self)).select_related("locale"))
        source = (
            HandbookPage.objects.filter(
                translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
            )
            .exclude(pk=self.pk)
            .first()
        )
        if source is None:
            return [ChapterEntry(chapter, True) for chapter in sorted(own, key=_chapter_order)]
        by_key = {chapter.translation_key: chapter for chapter in own}
        entries = []
        originals = visibility.pages(ChapterPage.objects.child_of(source))
        for original in originals.select_related("locale"):
            translated = by_key.pop(original.translation_key, None)
            entries.append(ChapterEntry(translated or original, translated is not None))
        entries += [ChapterEntry(chapter, True) for chapter in by_key.values()]
        return sorted(entries, key=lambda entry: _chapter_order(entry.page))

    @property
    def chapters_data(self) -> list[dict]:
        return [entry.as_dict() for entry in self.chapter_entries]

    def get_cached_paths(self):
        """What the frontend cache purges with the book: contents, whole book and PDF."""
        return ["/", "all/", "pdf/"]

    def whole_book_url(self) -> str:
        return self.url + self.reverse_subpage("whole_book")

    pdf_template = "handbook/pdf/book.html"

    def pdf_context(self) -> dict:
        return {**super().pdf_context(), "book": self, "entries": self.chapter_entries}

    @path("all/", name="whole_book")
    def whole_book(self, request):
        return self.render(request, template="handbook/handbook_whole_book.html")

    @path("section/<str:anchor>/", name="section")
    def section(self, request, anchor):
        """A permalink to a section that works in every language: anchors are the same in
        all translations of a chapter."""
        for entry in self.chapter_entries:
            if any(section["anchor"] == anchor for section in entry.page.sections()):
                return redirect(f"{entry.page.url}#{anchor}")
        raise Http404(anchor)


def _chapter_order(chapter):
    return (chapter.number is None, chapter.number or 0, chapter.path)


def _parent_book(chapter):
    """The chapter's book: the parent that routing has already read (no query), or from the
    database (a preview)."""
    parent = chapter.__dict__.get("_cached_parent_obj")
    if isinstance(parent, HandbookPage):
        return parent
    return HandbookPage.objects.parent_of(chapter).first()


class ChapterPage(
    LatinSlugMixin,
    SharedRestrictionsMixin,
    SearchablePageMixin,
    TranslationFallbackMixin,
    PdfEditionMixin,
    Page,
):
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Left empty, the next free number.")
    )
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(ChapterBodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["handbook.HandbookPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("summary")]
    api_fields = [
        APIField("number"),
        APIField("summary"),
        APIField("body"),
        APIField("sections", serializer=typed(list[api_fields.SectionData])),
        APIField("notes", serializer=typed(list[api_fields.NoteData], "notes_data")),
        APIField(
            "related_documents",
            serializer=typed(list[api_fields.PageRefData], "related_documents_data"),
        ),
    ]

    class Meta:
        verbose_name = _("chapter")

    def save(self, *args, **kwargs):
        if self.number is None:
            parent = self.get_parent()
            if parent is not None:
                self.number = (
                    ChapterPage.objects.child_of(parent)
                    .exclude(pk=self.pk)
                    .aggregate(models.Max("number"))["number__max"]
                    or 0
                ) + 1
        super().save(*args, **kwargs)

    def contents_anchor(self) -> str:
        return f"chapter-{self.number}"

    pdf_template = "handbook/pdf/book.html"

    def pdf_context(self) -> dict:
        return {
            **super().pdf_context(),
            "book": HandbookPage.objects.parent_of(self).first(),
            "entries": [ChapterEntry(self, True)],
            "chapter": self,
        }

    def pdf_edition_pages(self) -> list[int]:
        """This chapter's edition and the whole book's in every language (a book not
        translated into some language yet shows this chapter as the original there)."""
        book = Page.objects.parent_of(self).first()
        books = Page.objects.live().filter(translation_key=book.translation_key)
        return [self.pk, *books.values_list("pk", flat=True)]

    def clean(self):
        super().clean()
        check_unique_anchors(section["anchor"] for section in self.sections())

    def search_sections(self):
        return sections_from_stream(self.body, self.summary and self.title)

    def search_summary(self):
        return self.summary

    @property
    def search_result_type(self):
        return gettext("Chapter %(number)s") % {"number": self.number}

    def sections(self) -> list[dict]:
        # From the stored data: contents of long books need no block conversion.
        return [
            {
                "level": int(block["value"]["level"]),
                "anchor": block["value"]["anchor"],
                "heading": block["value"]["text"],
            }
            for block in self.body.raw_data
            if block["type"] == "heading"
        ]

    def note_anchor(self, number: int) -> str:
        return f"ch{self.number}-note-{number}"

    @cached_property
    def body_items(self) -> list[tuple]:
        """(block, its notes) for each block but the footnotes; a footnote belongs to the
        passage before it, where its marker is shown. Each note is (number, anchor, block)."""
        items, count = [], 0
        for block in self.body:
            if block.block_type != "footnote":
                items.append((block, []))
                continue
            count += 1
            if not items:  # a note before any text: its marker stands alone
                items.append((None, []))
            items[-1][1].append((count, self.note_anchor(count), block))
        return items

    def notes(self) -> list[tuple]:
        return [note for _block, notes in self.body_items for note in notes]

    @property
    def notes_data(self) -> list[dict]:
        return [
            {"number": number, "anchor": anchor, "text": block.value["text"].source}
            for number, anchor, block in self.notes()
        ]

    def related_documents(self):
        """Guidance documents (any language version) that name this chapter, in this
        chapter's language."""
        keys = GuidanceDocumentPage.objects.filter(
            related_chapters__translation_key=self.translation_key
        ).values("translation_key")
        return (
            visibility.pages(GuidanceDocumentPage.objects)
            .filter(locale_id=self.locale_id, translation_key__in=keys)
            .order_by("title")
        )

    @property
    def related_documents_data(self) -> list[dict]:
        return [_page_ref(page) for page in self.related_documents()]

    def _surroundings(self):
        """The book, the previous and next live chapters (with this one where it will stand:
        a preview of a chapter never published, or of a new number) and the related
        documents."""
        siblings = [
            page
            for page in visibility.pages(ChapterPage.objects.sibling_of(self)).defer("body")
            if page.pk != self.pk
        ]
        siblings = sorted([*siblings, self], key=_chapter_order)
        position = next(i for i, page in enumerate(siblings) if page.pk == self.pk)
        return {
            "book": _parent_book(self),
            "previous_chapter": siblings[position - 1] if position > 0 else None,
            "next_chapter": siblings[position + 1] if position + 1 < len(siblings) else None,
            "related_documents": list(self.related_documents()),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            context.update(self._surroundings())
        else:
            # They change only when some page is published, moved or deleted: remembered
            # under the frame's generation, per view of the site.
            key = f"chapter-surroundings:{self.pk}:{site_frame.view_key()}"
            context.update(remember(key, self._surroundings))
        return context


def _page_ref(page) -> dict:
    return {"id": page.pk, "title": page.title, "url": page_absolute_url(page)}


DOCUMENT_TYPES = [
    ("standard", _("Standard")),
    ("regulation", _("Regulation")),
    ("guideline", _("Guideline")),
]
STATUSES = [("draft", _("Draft")), ("in_force", _("In force")), ("superseded", _("Superseded"))]
CHANGE_LEVELS = [("major", _("Major change")), ("minor", _("Minor change"))]


class StandardsFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *DOCUMENT_TYPES], required=False
    )
    audience = forms.ChoiceField(
        label=_("Audience"), choices=[("", _("All audiences")), *Audience.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *STATUSES], required=False
    )


class StandardsIndexPage(
    LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, RoutablePageMixin, Page
):
    search_is_listing = True
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["handbook.GuidanceDocumentPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("standards library")

    def search_sections(self):
        return [SearchSection(None, self.title, self.intro)]

    def documents(self, filters: dict):
        documents = visibility.pages(GuidanceDocumentPage.objects.child_of(self)).defer("clauses")
        if filters.get("type"):
            documents = documents.filter(document_type=filters["type"])
        if filters.get("audience"):
            documents = documents.filter(Audience.q("audiences", filters["audience"]))
        if filters.get("status"):
            documents = documents.filter(status=filters["status"])
        return documents.order_by("document_type", "title", "-in_force_from")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = StandardsFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context.update(filter_form=form, documents=self.documents(filters))
        return context

    @path("current/<str:code>/", name="current")
    def current_version(self, request, code):
        """A stable address for whichever version of document `code` is in force."""
        document = (
            visibility.pages(GuidanceDocumentPage.objects.child_of(self))
            .filter(code=code, status="in_force")
            .order_by("-in_force_from")
            .first()
        )
        if document is None:
            raise Http404(code)
        return redirect(document.url)


class GuidanceDocumentPage(
    AudienceMixin,
    LatinSlugMixin,
    SharedRestrictionsMixin,
    SearchablePageMixin,
    TranslationFallbackMixin,
    PdfEditionMixin,
    Page,
):
    code = models.CharField(
        _("document code"),
        max_length=40,
        help_text=_("The same for every version of the document, e.g. NRM-S-01."),
    )
    document_type = models.CharField(_("type"), max_length=20, choices=DOCUMENT_TYPES)
    version_label = models.CharField(_("version"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default="draft")
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "handbook.GuidanceDocumentPage",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    change_level = models.CharField(
        _("change level"), max_length=10, choices=CHANGE_LEVELS, default="major"
    )
    change_notes = RichTextField(
        _("change notes"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    summary = models.TextField(_("summary"), blank=True)
    attachments = StreamField(
        [("document", DocumentLinkBlock())], blank=True, verbose_name=_("attachments")
    )
    related_chapters = ParentalManyToManyField(
        "handbook.ChapterPage",
        blank=True,
        related_name="related_documents_set",
        verbose_name=_("related handbook chapters"),
    )
    clauses = StreamField(ClausesBlock(), blank=True, verbose_name=_("clauses"))

    parent_page_types = ["handbook.StandardsIndexPage"]
    subpage_types = []

    override_translatable_fields = [SynchronizedField("code"), SynchronizedField("version_label")]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("document_type")]),
                FieldRowPanel(
                    [FieldPanel("version_label"), FieldPanel("status"), FieldPanel("in_force_from")]
                ),
                FieldPanel("superseded_by"),
                FieldPanel("change_level"),
                FieldPanel("change_notes"),
            ],
            heading=_("Version"),
            help_text=_(
                "To publish a new version, choose “New version” in this page's actions menu: "
                "it copies the page. Give the copy a new slug and the new version label, the "
                "date it comes into force and change notes, and edit the clauses (copied "
                "clauses keep their anchors, which is how versions are compared). Publish it "
                "with the status “In force”: the version in force until then is marked as "
                "superseded and links to the new one."
            ),
        ),
        FieldPanel("audiences"),
        FieldPanel("attachments"),
        FieldPanel("related_chapters", widget=forms.CheckboxSelectMultiple),
        FieldPanel("clauses"),
    ]
    search_fields = SearchablePageMixin.search_fields + [
        index.SearchField("summary"),
        index.FilterField("document_type"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("code"),
        APIField("document_type"),
        APIField("audiences", serializer=typed(list[str])),
        APIField("version_label"),
        APIField("status"),
        APIField("in_force_from"),
        APIField("superseded_by"),
        APIField("change_level"),
        APIField("change_notes"),
        APIField("summary"),
        APIField("attachments"),
        APIField(
            "related_chapters",
            serializer=typed(list[api_fields.ChapterRefData], "related_chapters_data"),
        ),
        APIField("clauses"),
        APIField("clause_tree", serializer=typed(list[api_fields.ClauseData], "clause_tree_data")),
        APIField("versions", serializer=typed(list[api_fields.VersionData], "versions_data")),
    ]

    class Meta:
        verbose_name = _("guidance document")

    fallback_note = _("(not translated yet: the link leads to the library in this language)")

    pdf_template = "handbook/pdf/document.html"

    def fallback_fragment(self) -> str:
        return ""

    def contents_anchor(self) -> str:
        return f"document-{self.pk}"

    def clean(self):
        super().clean()
        check_unique_anchors(clause.anchor for clause in flatten(build_tree(self.clauses)))

    @cached_property
    def absolute_url(self) -> str:
        return page_absolute_url(self) or ""

    def citation(self, clause: Clause) -> str:
        return gettext("“%(title)s”, version %(version)s, clause %(number)s, %(url)s") % {
            "title": self.title,
            "version": self.version_label,
            "number": clause.number,
            "url": clause.url,
        }

    @cached_property
    def clause_tree(self) -> list[Clause]:
        """The numbered clauses, each with its absolute URL and citation in the page's
        language."""
        tree = build_tree(self.clauses)
        with translation.override(self.locale.language_code):
            for clause in flatten(tree):
                clause.url = f"{self.absolute_url}#{clause.anchor}"
                clause.citation = self.citation(clause)
        return tree

    @property
    def clause_tree_data(self) -> list[dict]:
        return [clause.as_dict() for clause in self.clause_tree]

    def search_summary(self):
        return self.summary

    @property
    def search_result_type(self):
        """The document type, with its status unless it is in force."""
        label = self.get_document_type_display()
        if self.status != "in_force":
            label = f"{label} ({self.get_status_display().lower()})"
        return f"{label}, {self.code} v{self.version_label}"

    def search_result_date(self):
        return self.in_force_from

    def search_facets(self):
        return {"audience": self.audience_labels()}

    def search_sections(self):
        return [SearchSection(None, self.title, self.summary)] + [
            SearchSection(
                clause.anchor,
                f"{clause.number} {clause.heading}".strip(),
                clause.plain_text,
                clause.depth,
            )
            for clause in flatten(build_tree(self.clauses))
        ]

    @cached_property
    def versions(self) -> list["GuidanceDocumentPage"]:
        """Every published version of this document in this language, newest first."""
        return list(
            visibility.pages(GuidanceDocumentPage.objects)
            .filter(code=self.code, locale_id=self.locale_id)
            .defer("clauses")
            .order_by(models.F("in_force_from").desc(nulls_first=True), "-pk")
        )

    @property
    def versions_data(self) -> list[dict]:
        return [
            {
                "id": version.pk,
                "version_label": version.version_label,
                "status": version.status,
                "in_force_from": version.in_force_from.isoformat()
                if version.in_force_from
                else None,
                "change_level": version.change_level,
                "change_notes": version.change_notes,
                "url": page_absolute_url(version),
            }
            for version in self.versions
        ]

    def current_version(self) -> "GuidanceDocumentPage | None":
        """The version that replaces this one: the one named, else the newest in force."""
        if self.superseded_by_id:
            named = (
                visibility.pages(GuidanceDocumentPage.objects)
                .filter(translation_key=self.superseded_by.translation_key, locale=self.locale)
                .first()
            )
            if named is not None:
                return named
        return next((v for v in self.versions if v.status == "in_force" and v != self), None)

    def related_chapters_pages(self):
        keys = ChapterPage.objects.filter(
            related_documents_set__translation_key=self.translation_key
        ).values("translation_key")
        chapters = visibility.pages(ChapterPage.objects).filter(
            locale_id=self.locale_id, translation_key__in=keys
        )
        return sorted(chapters.defer("body"), key=_chapter_order)

    @property
    def related_chapters_data(self) -> list[dict]:
        return [
            {**_page_ref(chapter), "number": chapter.number, "sections": chapter.sections()}
            for chapter in self.related_chapters_pages()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            replacement=self.current_version() if self.status == "superseded" else None,
            related_chapters=self.related_chapters_pages(),
        )
        return context

    @path("compare/", name="compare")
    def compare(self, request):
        """This version against another of the same document (?with=<version label>),
        the older one first."""
        other = next(
            (v for v in self.versions if v.version_label == request.GET.get("with", "")), None
        )
        if other is None or other.pk == self.pk:
            return TemplateResponse(
                request,
                "handbook/guidance_document_compare.html",
                {"page": self, "self": self, "error": True},
                status=404,
            )
        other = GuidanceDocumentPage.objects.get(pk=other.pk)
        old, new = sorted([self, other], key=lambda v: (v.in_force_from or date.max, v.pk))
        return TemplateResponse(
            request,
            "handbook/guidance_document_compare.html",
            {
                "page": self,
                "self": self,
                "old": old,
                "new": new,
                "changes": compare_clauses(old.clause_tree, new.clause_tree),
            },
        )
