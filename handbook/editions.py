"""PDF editions of the handbook (the whole book and each chapter) and of every version of
every guidance document, in each language.

An edition is rendered in the task worker when its page is published (a chapter's
publication renders the chapter and its book again), kept in the database so that every
server process serves the same file and it goes when the page goes, and served from the
page's own `pdf/` route, so the page's view restrictions apply to it unchanged."""

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import http_date
from django_tasks import task
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.pdf import html_to_pdf
from portal.public_urls import page_absolute_url
from portal.queued_once import OncePerTransaction


class PdfEdition(models.Model):
    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="pdf_edition")
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    page_count = models.PositiveIntegerField()
    # When the rendering started: a publication after that needs another rendering.
    rendered_at = models.DateTimeField()

    class Meta:
        app_label = "handbook"


class PdfEditionMixin(RoutablePageMixin):
    """A page with a PDF edition: it names its template and context, and serves the file."""

    pdf_template: str

    def pdf_context(self) -> dict:
        return {"page": self, "permalink": page_absolute_url(self)}

    def pdf_edition_pages(self) -> list[int]:
        """The pages whose editions show this page's content."""
        return [self.pk]

    def pdf_filename(self) -> str:
        return f"{self.slug}-{self.locale.language_code}.pdf"

    def get_cached_paths(self):
        """What the frontend cache purges with this page: the page and its PDF."""
        return ["/", "pdf/"]

    def pdf_url(self) -> str:
        return self.url + self.reverse_subpage("pdf")

    @cached_property
    def pdf_facts(self) -> dict | None:
        """Size and page count for the download link, without loading the file."""
        return PdfEdition.objects.filter(page_id=self.pk).values("size", "page_count").first()

    @path("pdf/", name="pdf")
    def pdf(self, request):
        edition = PdfEdition.objects.filter(page_id=self.pk).first()
        if edition is None:
            render_pdf_edition.enqueue(self.pk, timezone.now().isoformat())
            response = TemplateResponse(
                request, "handbook/pdf_pending.html", {"page": self, "self": self}, status=503
            )
            response["Retry-After"] = "60"
            return response
        response = HttpResponse(bytes(edition.data), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.pdf_filename()}"'
        response["Last-Modified"] = http_date(edition.rendered_at.timestamp())
        return response


def render_html(page) -> str:
    with translation.override(page.locale.language_code):
        return render_to_string(page.pdf_template, page.pdf_context())


@task()
def render_pdf_edition(page_id: int, requested_at: str):
    """Render the edition of a live page (or drop the edition of a page no longer live).
    Several publications in a row need one rendering: one that started after the request
    already shows what was published."""
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        PdfEdition.objects.filter(page_id=page_id).delete()
        return "removed"
    if PdfEdition.objects.filter(page_id=page_id, rendered_at__gte=requested_at).exists():
        return "up to date"
    started = timezone.now()
    rendered = html_to_pdf(render_html(page.specific))
    PdfEdition.objects.update_or_create(
        page_id=page_id,
        defaults={
            "data": rendered.data,
            "size": len(rendered.data),
            "page_count": rendered.page_count,
            "rendered_at": started,
        },
    )
    return f"{rendered.page_count} pages"


# One rendering per page per transaction, whatever the time of each request.
_render_once = OncePerTransaction(render_pdf_edition, key_args=1)


def drop_editions_after_privacy_change(sender, pages, **kwargs):
    """An edition rendered before a page became private (or public) shows the wrong
    chapters: drop it at once (its route renders it again on the next request) and queue
    the rendering when editions are rendered on publication."""
    ids = [page.pk for page in pages]
    PdfEdition.objects.filter(page_id__in=ids).delete()
    if settings.PDF_EDITIONS_ON_PUBLISH:
        requested_at = timezone.now().isoformat()
        for page in pages:
            if issubclass(page.specific_class, PdfEditionMixin):
                _render_once.enqueue(page.pk, requested_at)


def request_editions(page):
    """Queue the editions that show `page`: its own and, for a chapter, its book's."""
    if not settings.PDF_EDITIONS_ON_PUBLISH:
        return
    requested_at = timezone.now().isoformat()
    for pk in page.pdf_edition_pages():
        _render_once.enqueue(pk, requested_at)
