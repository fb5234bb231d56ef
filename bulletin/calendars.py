"""iCalendar files: one event as a download and a subscribable calendar per language (and
per audience). Built with the icalendar library, which escapes text values and folds long
lines, so commas, semicolons, newlines and Cyrillic in titles cannot break the file. The
library (10 MB in memory) is imported by the first calendar built, so a server process that
never serves one does not carry it."""

from __future__ import annotations

import calendar as calendar_module
import datetime
import functools
import hashlib
import zoneinfo
from typing import TYPE_CHECKING

from dateutil import rrule
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal import visibility
from portal.public_urls import page_absolute_url

from .text import clean_text, one_line

if TYPE_CHECKING:
    import icalendar

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//National Referral Mechanism//NRM Portal//EN"
# Past events stay in a subscribed calendar for this long.
CALENDAR_HISTORY = datetime.timedelta(days=365)
CALENDAR_CACHE_SECONDS = 900


def event_component(event, url=None) -> icalendar.Event:
    import icalendar  # loaded with the first calendar (see the module docstring)

    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", event.last_published_at or timezone.now())
    component.add("summary", one_line(event.title))
    start, end = event.start, event.end
    component.add("dtstart", start)
    component.add("dtend", end)
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    if event.first_published_at:
        component.add("created", event.first_published_at)
    organiser = _("Organiser: %(name)s") % {"name": one_line(event.organiser)}
    parts = (
        event.intro,
        organiser if event.organiser else "",
        event.registration_instructions,
        event.registration_url,
    )
    description = "\n\n".join(
        clean_text(part).strip() for part in parts if part and clean_text(part).strip()
    )
    if description:
        component.add("description", description)
    location = one_line(event.venue) or event.online_url
    if location:
        component.add("location", location)
    url = url or page_absolute_url(event)
    if url:
        component.add("url", url)
    if event.online_url:
        component.add("conference", event.online_url, parameters={"value": "URI"})
    if event.frequency:
        rule = {"freq": event.frequency, "interval": event.interval or 1}
        if event.repeat_until:
            rule["until"] = _until(event)
        component.add("rrule", rule)
        exceptions = [_occurrence_on(event, day) for day in event.exception_dates]
        if exceptions:
            component.add("exdate", exceptions)
    if event.audiences:
        component.add("categories", event.audience_labels())
    return component


def _occurrence_on(event, day):
    start = event.start
    if isinstance(start, datetime.datetime):
        return datetime.datetime.combine(day, start.timetz())
    return day


def _until(event):
    # RFC 5545: UNTIL is in UTC when DTSTART has a time zone.
    if isinstance(event.start, datetime.datetime):
        last = datetime.datetime.combine(event.repeat_until, datetime.time(23, 59, 59), event.tz)
        return last.astimezone(datetime.UTC)
    return event.repeat_until


WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
RULES_SINCE = 1997  # the EU summer-time rules in force since 1996


@functools.lru_cache(maxsize=64)
def _transitions(zone, year):
    """(UTC moment, offset before, offset after) for each offset change in `year`."""
    moment = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    offset = moment.astimezone(zone).utcoffset()
    changes = []
    while moment.year == year:
        moment += datetime.timedelta(hours=1)
        new = moment.astimezone(zone).utcoffset()
        if new != offset:
            changes.append((moment, offset, new))
            offset = new
    return changes


def vtimezone(name: str, year: int) -> icalendar.Timezone:
    """A VTIMEZONE with yearly RRULEs (as calendar apps expect) derived from the zone's
    transitions in `year`; a single STANDARD part for zones without summer time."""
    import icalendar  # loaded with the first calendar (see the module docstring)

    zone = zoneinfo.ZoneInfo(name)
    component = icalendar.Timezone()
    component.add("tzid", name)
    changes = _transitions(zone, year)
    if not changes:
        part = icalendar.TimezoneStandard()
        offset = datetime.datetime(year, 1, 1, tzinfo=zone).utcoffset()
        part.add("dtstart", datetime.datetime(1970, 1, 1))
        part.add("tzoffsetfrom", offset)
        part.add("tzoffsetto", offset)
        part.add("tzname", datetime.datetime(year, 1, 1, tzinfo=zone).tzname())
        component.add_component(part)
        return component
    for moment, before, after in changes:
        local = (moment + before).replace(tzinfo=None)  # wall-clock time of the change
        last_day = calendar_module.monthrange(year, local.month)[1]
        weekday = WEEKDAYS[local.weekday()]
        nth = "-1" if local.day + 7 > last_day else str((local.day - 1) // 7 + 1)
        rule = {"freq": "YEARLY", "bymonth": local.month, "byday": nth + weekday}
        first = rrule.rrulestr(
            f"FREQ=YEARLY;BYMONTH={local.month};BYDAY={nth}{weekday}",
            dtstart=local.replace(year=RULES_SINCE, month=1, day=1),
        )[0]
        after_moment = moment.astimezone(zone)
        part = icalendar.TimezoneDaylight() if after_moment.dst() else icalendar.TimezoneStandard()
        part.add("dtstart", first)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("tzname", after_moment.tzname())
        part.add("rrule", rule)
        component.add_component(part)
    return component


def calendar(name, events, urls=None) -> icalendar.Calendar:
    import icalendar  # loaded with the first calendar (see the module docstring)

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", timezone.get_default_timezone_name())
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"value": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    year = timezone.localdate().year
    for zone in sorted({event.time_zone for event in events} | {settings.TIME_ZONE}):
        cal.add_component(vtimezone(zone, year))
    for event in events:
        cal.add_component(event_component(event, (urls or {}).get(event.pk)))
    return cal


def _response(body, filename, etag, last_modified):
    """Validators only: portal/conditional_get.py answers conditional requests."""
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["ETag"] = quote_etag(etag)
    if last_modified:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    response.headers["Cache-Control"] = "public, max-age=900"
    return response


def _etag(fingerprint):
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def serve_event(request, event):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    filename = f"{event.slug}.ics"

    with override(event.locale.language_code):
        body = calendar(event.title, [event]).to_ical()
    etag = _etag(f"event|{event.pk}|{event.last_published_at}|{settings.PUBLIC_BASE_URL}")
    return _response(body, filename, etag, event.last_published_at)


def serve_calendar(request, index, events, audience=None):
    """The language's (or one audience's) calendar of `events`, which the index chose.
    Building a large calendar takes a while, so the file is cached under its ETag, which
    changes with any published edit. `audience` is a portal.audience.Audience or None."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    language = index.locale.language_code
    with override(language):
        name = f"{one_line(index.title)} · {_('National Referral Mechanism')}"
        if audience:
            name = f"{name} · {audience.label}"
    stamp = events.aggregate(latest=Max("last_published_at"), count=Count("pk"))
    latest = max(filter(None, [stamp["latest"], index.last_published_at]), default=None)
    etag = _etag(
        f"calendar|{index.pk}|{audience}|{stamp['count']}|{latest}|{timezone.localdate()}"
        f"|{settings.PUBLIC_BASE_URL}|{visibility.fingerprint()}"
    )

    key = f"bulletin:calendar:{etag}"
    body = cache.get(key)
    if body is None:
        listed = list(events)
        base = page_absolute_url(index)
        if base is None:
            raise Http404
        urls = {event.pk: f"{base}{event.slug}/" for event in listed}
        with override(language):
            body = calendar(name, listed, urls).to_ical()
        cache.set(key, body, CALENDAR_CACHE_SECONDS)
    return _response(body, f"{index.slug}-{audience or language}.ics", etag, latest)
