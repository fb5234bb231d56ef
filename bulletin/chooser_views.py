"""The views behind the issue editor's article picker (see bulletin.choosers)."""

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import reverse

from .choosers import ARTICLE_PAGE_TYPE
from .models import ArticlePage, BulletinIndexPage


def choose_article(request, parent_page_id=None):
    if parent_page_id is None:
        index = (
            BulletinIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("path")
            .first()
        )
        parent_page_id = index.pk if index else None
    url = (
        reverse("wagtailadmin_choose_page_child", args=[parent_page_id])
        if parent_page_id
        else reverse("wagtailadmin_choose_page")
    )
    query = request.GET.urlencode()
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def newest_articles_first(pages, request):
    """For the article picker only: articles by their date, newest first."""
    if request.GET.get("page_type", "").lower() != ARTICLE_PAGE_TYPE:
        return pages
    article_date = ArticlePage.objects.filter(pk=OuterRef("pk")).values("date")[:1]
    return pages.annotate(article_date=Subquery(article_date)).order_by(
        F("article_date").desc(nulls_last=True), "-first_published_at", "-pk"
    )
