"""Import from Word in the admin: upload (checked at once), preview with every problem and
its place, confirmation, then the draft pages. Reading and creating run in the task worker;
the pages refresh themselves while it works (no JavaScript needed)."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .docx_reader import DocxError, check_package
from .imports import WordImport
from .models import DOCUMENT_TYPES, HandbookPage, StandardsIndexPage
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
    _target(request, word_import.target_id)
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
    ):
        fields = {**form.cleaned_data} if form else {}
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
        },
    )
