"""Events with wall-clock times in a named time zone, optional recurrence with exceptions,
and their iCalendar representation."""

import datetime
import zoneinfo

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal import visibility
from portal.api.fields import typed
from portal.audience import Audience, AudienceMixin
from portal.blocks import BaseBodyBlock
from portal.models import IntroMixin
from portal.public_urls import absolute_url
from portal.slugs import LatinSlugMixin
from portal.visibility import SharedRestrictionsMixin
from search.mixins import SearchablePageMixin, SearchSection, sections_from_stream

from ..calendars import CALENDAR_HISTORY, serve_calendar, serve_event
from .routes import route_url

DEFAULT_TIME_ZONE = "Europe/Sofia"
MAX_OCCURRENCES = 500
TIME_ZONE_CHOICES = [
    (name, name)
    for name in (
        "Europe/Sofia",
        "Europe/Athens",
        "Europe/Bucharest",
        "Europe/Belgrade",
        "Europe/Skopje",
        "Europe/Istanbul",
        "Europe/Vienna",
        "Europe/Berlin",
        "Europe/Brussels",
        "Europe/Warsaw",
        "Europe/London",
        "UTC",
    )
]


class Frequency(models.TextChoices):
    NONE = "", _("Does not repeat")
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")
    YEARLY = "YEARLY", _("Yearly")


class EventIndexPage(
    RoutablePageMixin,
    LatinSlugMixin,
    SharedRestrictionsMixin,
    SearchablePageMixin,
    IntroMixin,
    Page,
):
    search_is_listing = True
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["bulletin.EventPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("ics_url")]

    class Meta:
        verbose_name = _("event index page")

    def search_sections(self):
        return [SearchSection(None, self.title, self.intro)]

    def events(self):
        return (
            visibility.pages(EventPage.objects.child_of(self))
            .select_related("locale")
            .prefetch_related("exceptions")
            .order_by("start_date", "start_time", "pk")
        )

    def upcoming(self, today=None):
        return self.events().filter(EventPage.q_not_over(today or timezone.localdate()))

    def past(self, today=None):
        return (
            self.events()
            .exclude(EventPage.q_not_over(today or timezone.localdate()))
            .order_by("-start_date", "-start_time", "-pk")
        )

    @property
    def ics_url(self):
        return route_url(self, "calendar")

    def get_cached_paths(self):
        """What the frontend cache purges with this page: its listings and calendars."""
        return ["/", "past/", "calendar.ics"] + [
            f"audience/{value}/calendar.ics" for value in Audience.values
        ]

    def audience_ics_urls(self):
        return [
            (label, route_url(self, "audience_calendar", value))
            for value, label in Audience.choices
        ]

    def upcoming_in_order(self, today=None, limit=None):
        """Upcoming events by their next date (a recurring event by its next occurrence);
        with a limit, only that many one-off events are read."""
        today = today or timezone.localdate()
        upcoming = self.upcoming(today)
        one_off = upcoming.filter(frequency="")
        events = list(one_off[:limit] if limit else one_off)
        events += list(upcoming.exclude(frequency=""))
        for event in events:
            event.shown_date = event.next_occurrence(today)
        events.sort(key=lambda event: (event.shown_date, event.start_time or datetime.time()))
        return events[:limit] if limit else events

    @path("")
    def upcoming_route(self, request):
        events = self.upcoming_in_order()
        return self.render(
            request, context_overrides={"months": by_month(events), "showing_past": False}
        )

    @path("past/", name="past")
    def past_route(self, request):
        return self.render(
            request, context_overrides={"months": by_month(self.past()), "showing_past": True}
        )

    def calendar_events(self, audience=None):
        """What a subscribed calendar holds: events not over for a year, of one audience."""
        events = self.events().filter(EventPage.q_not_over(timezone.localdate() - CALENDAR_HISTORY))
        return events.filter(Audience.q("audiences", audience)) if audience else events

    @path("calendar.ics/", name="calendar")
    def calendar_route(self, request):
        return serve_calendar(request, self, self.calendar_events())

    @path("audience/<str:audience>/calendar.ics/", name="audience_calendar")
    def audience_calendar_route(self, request, audience):
        if audience not in Audience.values:
            raise Http404
        audience = Audience(audience)
        return serve_calendar(request, self, self.calendar_events(audience), audience)


def by_month(events):
    """Group events (already ordered) into (first day of month, [events]) pairs."""
    months = []
    for event in events:
        month = getattr(event, "shown_date", event.start_date).replace(day=1)
        if not months or months[-1][0] != month:
            months.append((month, []))
        months[-1][1].append(event)
    return months


class EventPage(
    AudienceMixin,
    RoutablePageMixin,
    LatinSlugMixin,
    SharedRestrictionsMixin,
    SearchablePageMixin,
    IntroMixin,
    Page,
):
    """Start and end are wall-clock times in `time_zone`, so a monthly meeting at 10:00 in
    Sofia stays at 10:00 across daylight-saving changes."""

    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONE_CHOICES, default=DEFAULT_TIME_ZONE
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_instructions = models.TextField(_("registration instructions"), blank=True)
    body = StreamField(BaseBodyBlock(), blank=True, verbose_name=_("body"))
    frequency = models.CharField(
        _("repeats"), max_length=10, choices=Frequency.choices, blank=True, default=""
    )
    interval = models.PositiveSmallIntegerField(
        _("every"), default=1, help_text=_("1 = every week/month/year, 2 = every other one, …")
    )
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)

    parent_page_types = ["bulletin.EventIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("all_day"),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("frequency"),
                FieldPanel("interval"),
                FieldPanel("repeat_until"),
                InlinePanel("exceptions", label=_("Cancelled date")),
            ],
            heading=_("Recurrence"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("online_url"),
                FieldPanel("organiser"),
                FieldPanel("audiences"),
                FieldPanel("registration_url"),
                FieldPanel("registration_instructions"),
            ],
            heading=_("Details"),
        ),
        FieldPanel("body"),
    ]
    search_fields = SearchablePageMixin.search_fields + [
        index.SearchField("intro"),
        index.SearchField("venue"),
        index.SearchField("organiser"),
        index.FilterField("start_date"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("start_date"),
        APIField("start_time"),
        APIField("end_date"),
        APIField("end_time"),
        APIField("all_day"),
        APIField("time_zone"),
        APIField("venue"),
        APIField("online_url"),
        APIField("organiser"),
        APIField("audiences", serializer=typed(list[str])),
        APIField("registration_url"),
        APIField("registration_instructions"),
        APIField("frequency"),
        APIField("interval"),
        APIField("repeat_until"),
        APIField("exception_dates"),
        APIField("body"),
        APIField("ics_url"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @staticmethod
    def q_not_over(today):
        """Events still to come or running on `today` (recurring ones until their end)."""
        single = Q(frequency="") & (
            Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
        )
        repeating = ~Q(frequency="") & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=today))
        return single | repeating

    def clean(self):
        super().clean()
        errors = {}
        if not self.all_day and self.start_time is None:
            errors["start_time"] = _("Give a start time, or mark the event as all day.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end cannot be before the start.")
        elif (
            self.end_date in (None, self.start_date)
            and self.start_time
            and self.end_time
            and self.end_time < self.start_time
        ):
            errors["end_time"] = _("The end cannot be before the start.")
        if self.repeat_until and self.start_date and self.repeat_until < self.start_date:
            errors["repeat_until"] = _("The repetition cannot end before the event starts.")
        if errors:
            raise ValidationError(errors)

    def search_sections(self):
        return [SearchSection(None, self.title, self.intro)] + sections_from_stream(self.body)

    def search_result_date(self):
        return self.start_date

    def search_facets(self):
        return {"audience": self.audience_labels()}

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone or DEFAULT_TIME_ZONE)

    @property
    def start(self):
        """The first start: a date for all-day events, else an aware datetime."""
        if self.all_day or self.start_time is None:
            return self.start_date
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=self.tz)

    @property
    def end(self):
        if self.all_day or self.start_time is None:
            # iCalendar all-day ends are exclusive.
            return (self.end_date or self.start_date) + datetime.timedelta(days=1)
        end_date = self.end_date or self.start_date
        end_time = self.end_time or self.start_time
        end = datetime.datetime.combine(end_date, end_time, tzinfo=self.tz)
        return end if self.end_time or self.end_date else end + datetime.timedelta(hours=1)

    def occurrences(self, after=None, limit=None):
        """Start dates of the occurrences on or after `after` (all when None), skipping the
        cancelled ones; at most `limit` of them. Open-ended recurrences need a limit."""
        if not self.frequency:
            dates = [self.start_date]
        else:
            rule = rrule.rrule(
                getattr(rrule, self.frequency),
                interval=self.interval or 1,
                dtstart=datetime.datetime.combine(self.start_date, datetime.time()),
                until=(
                    datetime.datetime.combine(self.repeat_until, datetime.time())
                    if self.repeat_until
                    else None
                ),
            )
            dates = (moment.date() for moment in rule)
        if limit is None and self.frequency and not self.repeat_until:
            limit = MAX_OCCURRENCES
        skipped = set(self.exception_dates)
        found = []
        for day in dates:
            if limit is not None and len(found) >= limit:
                break
            if day in skipped or (after and day < after):
                continue
            found.append(day)
        return found

    def next_occurrence(self, today):
        upcoming = self.occurrences(after=today, limit=1)
        return upcoming[0] if upcoming else self.start_date

    @property
    def exception_dates(self):
        return sorted(exception.date for exception in self.exceptions.all())

    @property
    def ics_url(self):
        return route_url(self, "ics")

    @property
    def ics_download_path(self):
        """The site-relative link for the page's own "Add to calendar" button (no trailing
        slash, like `ics_url`)."""
        return self.url + self.reverse_subpage("ics").rstrip("/")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.frequency:
            context["upcoming_dates"] = self.occurrences(after=timezone.localdate(), limit=6)
        return context

    @property
    def uid(self):
        """Stable across edits, renames and moves; shared by a page and its translations
        would confuse calendars that subscribe to both languages, so the locale is part."""
        return (
            f"event-{self.translation_key}-{self.locale.language_code}@"
            + absolute_url("").split("//", 1)[-1].split("/")[0]
        )

    @path("event.ics/", name="ics")
    def ics_route(self, request):
        return serve_event(request, self)


class EventExceptionDate(Orderable):
    """A date on which a recurring event does not take place."""

    event = ParentalKey(EventPage, related_name="exceptions", on_delete=models.CASCADE)
    date = models.DateField(_("date"))

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("cancelled date")
