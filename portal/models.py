"""Home, generic content and project pages, the organisation's site settings and the
translatable footer text."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from search.mixins import SearchablePageMixin, SearchSection, sections_from_stream

from . import locales
from .blocks import BaseBodyBlock, EntryPointBlock, ObjectiveBlock
from .slugs import LatinSlugMixin
from .visibility import SharedRestrictionsMixin


class IntroMixin(models.Model):
    """A short plain-text introduction shown under the title and used as the summary in
    listings, search results and feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        abstract = True


class HomePage(LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, Page):
    search_is_listing = True
    hero_heading = models.CharField(_("hero heading"), max_length=200)
    hero_text = models.TextField(_("hero text"), blank=True)
    entry_points = StreamField(
        [("entry_point", EntryPointBlock())], blank=True, verbose_name=_("entry points")
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.ContentPage",
        "portal.ProjectPage",
        "bulletin.BulletinIndexPage",
        "bulletin.EventIndexPage",
        "bulletin.PartnerNewsPage",
        "handbook.HandbookPage",
        "handbook.StandardsIndexPage",
        "training.TrainingIndexPage",
    ]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("entry_points"),
    ]
    search_fields = SearchablePageMixin.search_fields
    api_fields = [
        APIField("hero_heading"),
        APIField("hero_text"),
        APIField("entry_points"),
    ]

    class Meta:
        verbose_name = _("home page")

    def search_sections(self):
        return [SearchSection(None, self.hero_heading, self.hero_text)]

    def get_context(self, request, *args, **kwargs):
        # The entry points' pages in the visitor's language, with one query for all.
        locales.localize_many(block.value["page"] for block in self.entry_points)
        return super().get_context(request, *args, **kwargs)


class ContentPage(LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, IntroMixin, Page):
    body = StreamField(BaseBodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["portal.HomePage", "portal.ContentPage", "portal.ProjectPage"]
    subpage_types = ["portal.ContentPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("content page")

    def search_sections(self):
        return sections_from_stream(self.body)


class ProjectPage(LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, IntroMixin, Page):
    """A programme such as the NRM project itself: who runs it, when, and what it does."""

    implementer = models.CharField(_("implementer"), max_length=255)
    partner = models.CharField(_("partner"), max_length=255, blank=True)
    funding = models.CharField(_("funding"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    objectives = StreamField(
        [("objective", ObjectiveBlock())], blank=True, verbose_name=_("objectives")
    )
    body = StreamField(BaseBodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["portal.HomePage", "portal.ContentPage"]
    subpage_types = ["portal.ContentPage"]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("implementer"),
                FieldPanel("partner"),
                FieldPanel("funding"),
                FieldPanel("start_date"),
                FieldPanel("end_date"),
            ],
            heading=_("Project facts"),
        ),
        FieldPanel("objectives"),
        FieldPanel("body"),
    ]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("implementer"),
        APIField("partner"),
        APIField("funding"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("objectives"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("project page")

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def search_sections(self):
        facts = " ".join(part for part in (self.partner, self.funding) if part)
        return (
            [SearchSection(None, self.implementer, facts)]
            + [
                SearchSection(None, objective.value["title"], _activity_text(objective.value))
                for objective in self.objectives
            ]
            + sections_from_stream(self.body)
        )


def _activity_text(value) -> str:
    """The titles and descriptions of an objective's activities, however deep they nest."""
    parts = []
    for activity in value.get("activities") or value.get("subactivities") or []:
        parts += [activity["title"], activity.get("description") or "", _activity_text(activity)]
    return " ".join(part for part in parts if part)


@register_snippet
class FooterText(TranslatableMixin, models.Model):
    """The words in the footer: the organisation's name and address in each language."""

    organisation_name = models.CharField(_("organisation name"), max_length=255)
    address = models.TextField(_("address"), blank=True)
    about = RichTextField(_("about"), blank=True, features=["bold", "italic", "link"])

    panels = [FieldPanel("organisation_name"), FieldPanel("address"), FieldPanel("about")]
    api_fields = [APIField("organisation_name"), APIField("address"), APIField("about")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self):
        return self.organisation_name


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Language-independent facts about the organisation; the words live in FooterText."""

    footer = models.ForeignKey(
        FooterText, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hotline = models.CharField(
        _("anti-trafficking hotline"),
        max_length=40,
        blank=True,
        help_text=_("Shown on every page next to the quick exit."),
    )
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)

    panels = [
        FieldPanel("footer"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("hotline")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("youtube_url"), FieldPanel("linkedin_url")],
            heading=_("Social links"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation settings")

    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("YouTube", self.youtube_url),
            ("LinkedIn", self.linkedin_url),
        ]
        return [(name, url) for name, url in links if url]


class ScheduledJob(models.Model):
    """When a periodic job (settings.PERIODIC_TASKS) was last queued. The row is also the
    lease that lets only one of several workers queue the job in each interval."""

    name = models.CharField(max_length=100, primary_key=True)
    last_enqueued_at = models.DateTimeField()

    class Meta:
        # Given to the people who look after the portal (see portal/task_queue.py).
        permissions = [("view_task_queue", _("Can see the task queue and retry failed tasks"))]

    def __str__(self):
        return self.name
