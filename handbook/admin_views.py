"""Import from Word in the admin: upload (checked at once), preview with every problem and
its place, confirmation, then the draft pages. Reading and creating run in the task worker;
the pages refresh themselves while it works (no JavaScript needed)."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import get_language_info, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from .docx_reader import DocxError, check_package
from .imports import WordImport
from .models import (
    DOCUMENT_TYPES,
    ChapterPage,
    GuidanceDocumentPage,
    HandbookPage,
    StandardsIndexPage,
)
from .word_import import create_word_import_pages, read_word_import


def translated(message: str, params: dict) -> str:
    text = gettext(message)
    return text % params if params else text


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Word document (.docx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENT_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("This file is %(size)s; a document may be %(limit)s at most.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.DOCUMENT_MAX_UPLOAD_SIZE),
                }
            )
        data = upload.read()
        try:
            check_package(data)
        except DocxError as error:
            raise forms.ValidationError(translated(error.message, error.params)) from None
        return data


class DocumentFieldsForm(forms.Form):
    """What a guidance document needs beyond its clauses, from the file's properties where
    it has them."""

    title = forms.CharField(label=_("Title"), max_length=255)
    code = forms.CharField(label=_("Document code"), max_length=40)
    document_type = forms.ChoiceField(label=_("Type"), choices=DOCUMENT_TYPES)
    version_label = forms.CharField(label=_("Version"), max_length=20)
    in_force_from = forms.DateField(label=_("In force from"), required=False)


def _target(request, page_id) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, HandbookPage | StandardsIndexPage):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    return page


def _translated_page(request, page_id, language: str) -> tuple[Page, Locale]:
    """A chapter or guidance document whose translation into `language` the editor may
    write (its source and, if it exists already, the translation)."""
    page = get_object_or_404(Page, pk=page_id).specific
    locale = Locale.objects.filter(language_code=language).first()
    if not isinstance(page, ChapterPage | GuidanceDocumentPage) or locale in (None, page.locale):
        raise Http404
    existing = page.get_translation_or_none(locale)
    if not page.permissions_for_user(request.user).can_edit() or (
        existing and not existing.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    return page, locale


LANGUAGE_NAMES = {  # as they read inside "Import … translation from Word"
    "bg": pgettext_lazy("a translation into", "Bulgarian"),
    "en": pgettext_lazy("a translation into", "English"),
}


def language_name(language: str) -> str:
    return str(LANGUAGE_NAMES.get(language) or get_language_info(language)["name_translated"])


def _check(request, word_import: WordImport) -> None:
    if word_import.kind == WordImport.Kind.TRANSLATION:
        _translated_page(request, word_import.target_id, word_import.fields["locale"])
    else:
        _target(request, word_import.target_id)


def start_translation(request, page_id, language):
    page, locale = _translated_page(request, page_id, language)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        word_import = WordImport.objects.create(
            target=page,
            kind=WordImport.Kind.TRANSLATION,
            file_name=request.FILES["file"].name[:255],
            data=form.cleaned_data["file"],
            user=request.user,
            fields={"locale": locale.language_code},
        )
        read_word_import.enqueue(word_import.pk)
        return redirect("handbook_word_import", word_import.pk)
    return TemplateResponse(
        request,
        "handbook/admin/word_import_start.html",
        {"target": page, "form": form, "language": language_name(locale.language_code)},
    )


def _count_phrase(counts: dict) -> str:
    phrases = {
        "paragraph": lambda n: ngettext("%(n)s paragraph", "%(n)s paragraphs", n),
        "list": lambda n: ngettext("%(n)s list", "%(n)s lists", n),
        "table": lambda n: ngettext("%(n)s table", "%(n)s tables", n),
        "note": lambda n: ngettext("%(n)s note", "%(n)s notes", n),
        "figure": lambda n: ngettext("%(n)s image", "%(n)s images", n),
    }
    return ", ".join(
        (phrases[kind](n) % {"n": n}) if kind in phrases else f"{n} × {kind}"
        for kind, n in sorted(counts.items())
    )


def _translation_parts(preview: dict) -> list[dict]:
    """The parts of a translation preview with their explanations in the editor's language."""
    parts = []
    for part in preview["translation"]["parts"]:
        explanation = gettext(part["message"]) if part["message"] else ""
        if part["counts"]:
            explanation += " " + gettext("Page: %(source)s. File: %(translation)s.") % {
                "source": _count_phrase(part["counts"]["source"]),
                "translation": _count_phrase(part["counts"]["translation"]),
            }
        parts.append({**part, "explanation": explanation})
    return parts


def start(request, page_id):
    target = _target(request, page_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        word_import = WordImport.objects.create(
            target=target,
            kind=WordImport.Kind.CHAPTERS
            if isinstance(target, HandbookPage)
            else WordImport.Kind.DOCUMENT,
            file_name=request.FILES["file"].name[:255],
            data=form.cleaned_data["file"],
            user=request.user,
        )
        read_word_import.enqueue(word_import.pk)
        return redirect("handbook_word_import", word_import.pk)
    return TemplateResponse(
        request, "handbook/admin/word_import_start.html", {"target": target, "form": form}
    )


def detail(request, import_id):
    word_import = get_object_or_404(WordImport, pk=import_id)
    _check(request, word_import)
    translation = word_import.preview.get("translation")
    form = None
    if word_import.kind == WordImport.Kind.DOCUMENT and word_import.status == "ready":
        preview = word_import.preview
        form = DocumentFieldsForm(
            request.POST or None,
            initial={
                "title": preview.get("title"),
                "version_label": preview.get("version"),
                "in_force_from": preview.get("in_force_from") or None,
                "document_type": "standard",
            },
        )
    if (
        request.method == "POST"
        and word_import.status == "ready"
        and (form is None or form.is_valid())
        and (translation is None or translation["fits"])
    ):
        fields = {**form.cleaned_data} if form else word_import.fields
        if fields.get("in_force_from"):
            fields["in_force_from"] = fields["in_force_from"].isoformat()
        updated = WordImport.objects.filter(pk=word_import.pk, status="ready").update(
            status=WordImport.Status.CREATING, progress=0, fields=fields
        )
        if updated:  # a second click creates nothing more
            create_word_import_pages.enqueue(word_import.pk)
        return redirect("handbook_word_import", word_import.pk)
    problems = [
        {**problem, "text": translated(problem["message"], {"detail": problem["detail"]})}
        for problem in word_import.problems
    ]
    return TemplateResponse(
        request,
        "handbook/admin/word_import.html",
        {
            "word_import": word_import,
            "target": word_import.target.specific,
            "problems": problems,
            "form": form,
            "error": translated(word_import.error["message"], word_import.error.get("params"))
            if word_import.error
            else "",
            "created": Page.objects.filter(pk__in=word_import.created_pages).specific(),
            "working": word_import.status in ("reading", "creating"),
            "translation": translation,
            "parts": _translation_parts(word_import.preview) if translation else [],
            "language": language_name(word_import.fields["locale"]) if translation else "",
        },
    )
