"""Partner organisations' feeds, the items fetched from them, and the page that lists them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.models import IntroMixin
from portal.slugs import LatinSlugMixin
from portal.visibility import SharedRestrictionsMixin
from search.mixins import SearchablePageMixin, SearchSection

from ..feed_addresses import check_url_host

PARTNER_ITEMS_PER_PAGE = 20


@register_snippet
class PartnerFeed(models.Model):
    """A partner's RSS or Atom feed. Each feed is in one language; its items appear on
    that language's pages. The health fields are written by the fetcher."""

    name = models.CharField(_("partner name"), max_length=255)
    url = models.URLField(_("feed URL"), max_length=1000)
    website = models.URLField(_("partner website"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    active = models.BooleanField(_("active"), default=True)
    etag = models.CharField(max_length=255, blank=True, editable=False)
    modified = models.CharField(max_length=255, blank=True, editable=False)
    last_checked = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    last_success = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("website"),
        FieldPanel("language"),
        FieldPanel("active"),
        MultiFieldPanel(
            [
                FieldPanel("last_checked", read_only=True),
                FieldPanel("last_success", read_only=True),
                FieldPanel("last_error", read_only=True),
            ],
            heading=_("Health"),
        ),
    ]

    class Meta:
        verbose_name = _("partner feed")
        verbose_name_plural = _("partner feeds")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["url", "language"], name="bulletin_partnerfeed_url")
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"

    def clean(self):
        super().clean()
        parts = urlsplit(self.url or "")
        if parts.hostname:
            try:
                port = parts.port or (443 if parts.scheme == "https" else 80)
            except ValueError:
                raise ValidationError({"url": _("Enter a valid URL.")}) from None
            if problem := check_url_host(parts.hostname, port):
                raise ValidationError({"url": problem})

    @property
    def healthy(self):
        return self.active and not self.last_error and self.last_success is not None


class PartnerNewsItem(models.Model):
    feed = models.ForeignKey(PartnerFeed, related_name="items", on_delete=models.CASCADE)
    guid = models.CharField(max_length=1000)
    link = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=500)
    summary_html = models.TextField(blank=True)
    published = models.DateTimeField(db_index=True)
    fetched = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner news item")
        ordering = ["-published", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="bulletin_partneritem_guid")
        ]

    def __str__(self):
        return self.title

    @classmethod
    def recent(cls, language):
        return cls.objects.filter(feed__language=language, feed__active=True).select_related("feed")


class PartnerNewsPage(
    LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, IntroMixin, Page
):
    """Recent news from partner organisations in the page's language, linked to the source."""

    search_is_listing = True

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("partner news page")

    def search_sections(self):
        return [SearchSection(None, self.title, self.intro)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(
            PartnerNewsItem.recent(self.locale.language_code), PARTNER_ITEMS_PER_PAGE
        )
        try:
            context["page_obj"] = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            context["page_obj"] = paginator.page(1)
        except EmptyPage:
            raise Http404 from None
        return context
