"""iCalendar files: one event as a download and a subscribable calendar per language (and
per audience). Built with the icalendar library, which escapes text values and folds long
lines, so commas, semicolons, newlines and Cyrillic in titles cannot break the file."""

import datetime
import hashlib

import icalendar
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import condition

from portal.public_urls import page_absolute_url

from .text import clean_text, one_line

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//National Referral Mechanism//NRM Portal//EN"
# Past events stay in a subscribed calendar for this long.
CALENDAR_HISTORY = datetime.timedelta(days=365)


def event_component(event, url=None) -> icalendar.Event:
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
    component.add("categories", [event.get_audience_display()])
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


def calendar(name, events, urls=None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", timezone.get_default_timezone_name())
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"value": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for event in events:
        cal.add_component(event_component(event, (urls or {}).get(event.pk)))
    cal.add_missing_timezones()
    return cal


def _response(cal, filename, last_modified):
    response = HttpResponse(cal.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if last_modified:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    response.headers["Cache-Control"] = "public, max-age=900"
    return response


def _conditional(request, fingerprint, last_modified, build):
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return condition(etag_func=lambda r: etag, last_modified_func=lambda r: last_modified)(
        lambda r: build()
    )(request)


def serve_event(request, event):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    filename = f"{event.slug}.ics"

    def build():
        with override(event.locale.language_code):
            return _response(calendar(event.title, [event]), filename, event.last_published_at)

    return _conditional(
        request, f"event|{event.pk}|{event.last_published_at}", event.last_published_at, build
    )


def serve_calendar(request, index, audience=None):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    events = index.events().filter(
        index.events().model.q_not_over(timezone.localdate() - CALENDAR_HISTORY)
    )
    language = index.locale.language_code
    with override(language):
        name = f"{one_line(index.title)} · {_('National Referral Mechanism')}"
        if audience:
            label = dict(index.events().model._meta.get_field("audience").choices)[audience]
            name = f"{name} · {label}"
    if audience:
        events = events.filter(audience=audience)
    stamp = events.aggregate(latest=Max("last_published_at"), count=Count("pk"))
    latest = stamp["latest"]

    def build():
        listed = list(events)
        base = page_absolute_url(index)
        if base is None:
            raise Http404
        urls = {event.pk: f"{base}{event.slug}/" for event in listed}
        with override(language):
            cal = calendar(name, listed, urls)
        return _response(cal, f"{index.slug}-{audience or language}.ics", latest)

    return _conditional(
        request,
        f"calendar|{index.pk}|{audience}|{stamp['count']}|{latest}|{timezone.localdate()}",
        latest,
        build,
    )
