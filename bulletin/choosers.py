"""The issue editor's article picker: it opens at the news index, newest first.

Wagtail's page chooser opens at a chosen page's parent, else at the ancestor common to all
articles (the root, with two languages). The picker's modal address leads through
`choose_article`, which sends an empty picker to the news index and any other to Wagtail's
own chooser unchanged."""

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets.chooser import AdminPageChooser

ARTICLE_PAGE_TYPE = "bulletin.articlepage"


class ArticleChooser(AdminPageChooser):
    chooser_modal_url_name = "bulletin_choose_article"


class ArticleChooserPanel(FieldPanel):
    """The widget is made when the form is, after the models are loaded."""

    def get_form_options(self):
        options = super().get_form_options()
        widget = ArticleChooser(target_models=[self.db_field.related_model])
        options.setdefault("widgets", {})[self.field_name] = widget
        return options


def choose_article(request, parent_page_id=None):
    if parent_page_id is None:
        from .models import BulletinIndexPage

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
    from .models import ArticlePage

    article_date = ArticlePage.objects.filter(pk=OuterRef("pk")).values("date")[:1]
    return pages.annotate(article_date=Subquery(article_date)).order_by(
        F("article_date").desc(nulls_last=True), "-first_published_at", "-pk"
    )
