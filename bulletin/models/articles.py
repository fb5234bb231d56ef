"""News articles, the bulletin index with its feeds, and numbered bulletin issues."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal import locales, site_frame, visibility
from portal.blocks import BaseBodyBlock
from portal.frame_generation import remember
from portal.models import IntroMixin
from portal.public_urls import page_absolute_url
from portal.slugs import LatinSlugMixin
from portal.visibility import SharedRestrictionsMixin
from search.mixins import SearchablePageMixin, SearchSection, sections_from_stream

from ..choosers import ArticleChooserPanel
from ..feeds import serve_article_feed
from ..text import one_line
from .routes import route_url

ARTICLES_PER_PAGE = 12
RELATED_ARTICLES = 3


@register_snippet
class Topic(TranslatableMixin, models.Model):
    """A subject that articles share; its identity across languages is its translation key,
    so an English article tagged with the Bulgarian topic still files under the English one."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="bulletin_topic_slug_locale")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:100] or "topic"
        super().save(*args, **kwargs)

    @classmethod
    def in_locale(cls, translation_keys, locale):
        """The topics with these translation keys in `locale` (falling back to any
        language when a topic has no translation), in one query."""
        by_key = {}
        for topic in cls.objects.filter(translation_key__in=translation_keys):
            if topic.translation_key not in by_key or topic.locale_id == locale.pk:
                by_key[topic.translation_key] = topic
        return by_key


class BulletinIndexPage(
    RoutablePageMixin,
    LatinSlugMixin,
    SharedRestrictionsMixin,
    SearchablePageMixin,
    IntroMixin,
    Page,
):
    """The news: a paginated list of articles filterable by topic and year, an archive by
    year, the RSS and Atom feeds of the language and of each topic, and the issues."""

    search_is_listing = True

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["bulletin.ArticlePage", "bulletin.BulletinIssuePage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("rss_url"), APIField("atom_url")]

    class Meta:
        verbose_name = _("bulletin index page")

    def search_sections(self):
        return [SearchSection(None, self.title, self.intro)]

    # Queries -------------------------------------------------------------------------
    def articles(self):
        return (
            visibility.pages(ArticlePage.objects.child_of(self))
            .select_related("lead_image")
            .order_by("-date", "-pk")
        )

    def issues(self):
        return visibility.pages(BulletinIssuePage.objects.child_of(self)).order_by("-number")

    def topic_by_slug(self, slug):
        return get_object_or_404(Topic, locale_id=self.locale_id, slug=slug)

    def years(self):
        return [d.year for d in self.articles().dates("date", "year", order="DESC")]

    # URLs -----------------------------------------------------------------------------
    @property
    def rss_url(self):
        return route_url(self, "rss")

    @property
    def atom_url(self):
        return route_url(self, "atom")

    def get_cached_paths(self):
        """What the frontend cache purges with this page: its listing and its feeds."""
        return ["/", "feed/rss/", "feed/atom/"]

    def topic_feed_urls(self, topic):
        return route_url(self, "topic_rss", topic.slug), route_url(self, "topic_atom", topic.slug)

    # Routes ---------------------------------------------------------------------------
    @path("")
    def index_route(self, request):
        articles = self.articles()
        context = {"topic": None, "year": None}
        if request.GET.get("topic"):
            topic = self.topic_by_slug(request.GET["topic"])
            context["topic"] = topic
            articles = articles.filter(topics__translation_key=topic.translation_key)
            context["topic_urls"] = self.topic_feed_urls(topic)
        if request.GET.get("year", "").isdigit():
            context["year"] = int(request.GET["year"])
            articles = articles.filter(date__year=context["year"])
        return self._listing(request, articles, **context)

    @path("archive/<int:year>/", name="archive")
    def archive_route(self, request, year):
        articles = self.articles().filter(date__year=year)
        return self._listing(request, articles, year=year, archive=True)

    def _listing(self, request, articles, **context):
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            raise Http404 from None
        context.update(
            page_obj=page_obj,
            articles=list(page_obj.object_list),
            topics=Topic.objects.filter(locale_id=self.locale_id),
            years=self.years(),
            latest_issues=list(self.issues()[:3]),
            # Reads only the filters: the page cache varies by the parameters a page reads.
            query=urlencode(
                {key: request.GET[key] for key in ("topic", "year") if key in request.GET}
            ),
        )
        return self.render(request, context_overrides=context)

    def feed_articles(self, topic=None):
        """The articles a feed lists: all of this index, or one topic's."""
        articles = self.articles()
        if topic is not None:
            articles = articles.filter(topics__translation_key=topic.translation_key)
        return articles

    def with_feed_categories(self, articles):
        """The articles, each with `feed_categories`: its topics' names in this language."""
        articles = list(articles.prefetch_related("topics"))
        keys = {topic.translation_key for a in articles for topic in a.topics.all()}
        names = Topic.in_locale(keys, self.locale)
        for article in articles:
            article.feed_categories = sorted(
                one_line(names[t.translation_key].name) for t in article.topics.all()
            )
        return articles

    @path("feed/rss/", name="rss")
    def rss_route(self, request):
        return serve_article_feed(request, self, "rss")

    @path("feed/atom/", name="atom")
    def atom_route(self, request):
        return serve_article_feed(request, self, "atom")

    @path("topic/<str:slug>/feed/rss/", name="topic_rss")
    def topic_rss_route(self, request, slug):
        return serve_article_feed(request, self, "rss", self.topic_by_slug(slug))

    @path("topic/<str:slug>/feed/atom/", name="topic_atom")
    def topic_atom_route(self, request, slug):
        return serve_article_feed(request, self, "atom", self.topic_by_slug(slug))


class ArticlePage(LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, Page):
    search_is_news = True
    date = models.DateField(_("date"), default=datetime.date.today)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Plain text shown in listings, feeds and emails.")
    )
    author = models.CharField(_("author"), max_length=255, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("lead image alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for people who cannot see it; empty if decorative."),
    )
    body = StreamField(BaseBodyBlock(), blank=True, verbose_name=_("body"))
    topics = ParentalManyToManyField(Topic, blank=True, verbose_name=_("topics"))

    parent_page_types = ["bulletin.BulletinIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("topics")],
            heading=_("Publication"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Lead image")
        ),
        FieldPanel("body"),
    ]
    search_fields = SearchablePageMixin.search_fields + [
        index.SearchField("summary"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("author"),
        APIField("lead_image"),
        APIField("lead_image_alt"),
        APIField("body"),
        APIField("topic_names"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def search_sections(self):
        return [SearchSection(None, self.title, self.summary)] + sections_from_stream(self.body)

    def search_summary(self):
        return self.plain_summary()

    def search_result_date(self):
        return self.date

    def search_facets(self):
        return {"topic": self.topic_names}

    @property
    def topic_names(self):
        return [topic.name for topic in self.localized_topics()]

    def topic_keys(self):
        return [topic.translation_key for topic in self.topics.all()]

    def localized_topics(self, keys=None):
        """In the article's language; without `keys`, the topics' keys are read in the same
        query (a subquery)."""
        keys = self.topics.values_list("translation_key", flat=True) if keys is None else keys
        topics = Topic.in_locale(keys, locales.by_id(self.locale_id)).values()
        return sorted(topics, key=lambda t: t.name)

    def related_articles(self, limit=RELATED_ARTICLES, keys=None):
        """Articles of the same language sharing most topics with this one, newest first."""
        keys = self.topic_keys() if keys is None else keys
        if not keys:
            return []
        return list(
            visibility.pages(ArticlePage.objects)
            .filter(locale_id=self.locale_id, topics__translation_key__in=keys)
            .exclude(pk=self.pk)
            .annotate(shared=models.Count("topics", distinct=True))
            .select_related("lead_image")
            .order_by("-shared", "-date", "-pk")[:limit]
        )

    def _topics_and_related(self):
        topics = self.localized_topics()
        return topics, self.related_articles(keys=[topic.translation_key for topic in topics])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Both change only when some page is published or moved: remembered under the
        # frame's generation, per view of the site (a related article may be restricted).
        context["topics"], context["related_articles"] = remember(
            f"article-topics:{self.pk}:{site_frame.view_key()}", self._topics_and_related
        )
        return context

    def plain_summary(self):
        return self.summary or strip_tags(self.search_description or "")


@dataclass(frozen=True)
class NewsletterItem:
    title: str
    summary: str
    url: str


def next_issue_number() -> int:
    """The number after the highest issue of the default language: what the editor of a new
    issue is offered."""
    highest = BulletinIssuePage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).aggregate(highest=models.Max("number"))["highest"]
    return (highest or 0) + 1


class BulletinIssuePage(LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, Page):
    """A numbered issue of the electronic bulletin: an editorial and an ordered selection
    of articles and short items. It is also the unit the newsletter emails."""

    search_is_news = True

    number = models.PositiveIntegerField(_("number"), default=next_issue_number)
    issue_date = models.DateField(_("issue date"), default=datetime.date.today)
    editorial = RichTextField(_("editorial"), blank=True)

    parent_page_types = ["bulletin.BulletinIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("number"), FieldPanel("issue_date")], heading=_("Issue")),
        FieldPanel("editorial"),
        InlinePanel("items", heading=_("Contents"), label=_("Item")),
    ]
    search_fields = SearchablePageMixin.search_fields + [index.FilterField("issue_date")]
    api_fields = [
        APIField("number"),
        APIField("issue_date"),
        APIField("editorial"),
        APIField("contents"),
    ]

    class Meta:
        verbose_name = _("bulletin issue")
        verbose_name_plural = _("bulletin issues")

    def clean(self):
        super().clean()
        clash = BulletinIssuePage.objects.filter(locale_id=self.locale_id, number=self.number)
        if self.pk:
            clash = clash.exclude(pk=self.pk)
        if self.number is not None and self.locale_id and clash.exists():
            raise ValidationError({"number": _("An issue with this number already exists.")})

    def search_summary(self):
        return strip_tags(self.editorial)

    def search_result_date(self):
        return self.issue_date

    def search_sections(self):
        return [SearchSection(None, self.title, strip_tags(self.editorial))] + [
            SearchSection(None, item.title, item.summary) for item in self.newsletter_items()
        ]

    def resolved_items(self):
        """The issue's items in order, each with the article in this issue's language.
        An item whose article the visitor may not see is left out (a newsletter is built
        for an anonymous reader). Two queries."""
        items = list(self.items.select_related("article"))
        articles = [item.article for item in items if item.article]
        foreign = {a.translation_key for a in articles if a.locale_id != self.locale_id}
        visible = list(
            visibility.pages(
                ArticlePage.objects.filter(
                    models.Q(pk__in=[a.pk for a in articles])
                    | models.Q(translation_key__in=foreign, locale_id=self.locale_id)
                )
            ).select_related("lead_image")
        )
        by_pk = {article.pk: article for article in visible}
        local = {a.translation_key: a for a in visible if a.locale_id == self.locale_id}
        resolved = []
        for item in items:
            if item.article is not None:
                item.article = local.get(item.article.translation_key) or by_pk.get(item.article.pk)
                if item.article is None:
                    continue
            resolved.append(item)
        return resolved

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = self.resolved_items()
        return context

    def newsletter_items(self):
        """The ordered contents as plain (title, summary, absolute url) for the newsletter."""
        return [item.as_newsletter_item() for item in self.resolved_items()]

    @property
    def contents(self):
        return [vars(item) for item in self.newsletter_items()]


class BulletinIssueItem(TranslatableMixin, Orderable):
    """One entry of an issue: an article, or a short item written here (with an optional
    link)."""

    issue = ParentalKey(BulletinIssuePage, related_name="items", on_delete=models.CASCADE)
    article = models.ForeignKey(
        ArticlePage,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Leave empty to use the article's.")
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Leave empty to use the article's.")
    )
    link_url = models.URLField(_("link"), blank=True)

    panels = [
        ArticleChooserPanel("article"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("link_url"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("issue item")

    def clean(self):
        super().clean()
        if not self.article_id and not self.title:
            raise ValidationError(_("Choose an article or write a title for a short item."))

    @property
    def display_title(self):
        return self.title or (self.article.title if self.article else "")

    @property
    def display_summary(self):
        return self.summary or (self.article.plain_summary() if self.article else "")

    @property
    def url(self):
        if self.article is not None:
            return page_absolute_url(self.article) or ""
        return self.link_url or f"{page_absolute_url(self.issue) or ''}#item-{self.sort_order}"

    def as_newsletter_item(self):
        return NewsletterItem(self.display_title, self.display_summary, self.url)
