"""iCalendar files that calendar apps accept: validated with vobject, hostile titles,
recurrence across a daylight-saving change, subscriptions per language and audience."""

import datetime
import zoneinfo

import pytest
import vobject
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bulletin.models import EventExceptionDate

from .factories import event, event_index

pytestmark = pytest.mark.django_db

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
CALENDAR = "/bg/events/calendar.ics"


@pytest.fixture
def events(bg_home, settings):
    settings.PUBLIC_BASE_URL = "https://nrm.example.bg"
    index = event_index(bg_home)
    event(index, 1, venue="София", audiences=["professionals"])
    event(
        index,
        2,
        title="Конференция",
        all_day=True,
        start_time=None,
        end_time=None,
        start_date=datetime.date(2030, 3, 1),
        end_date=datetime.date(2030, 3, 2),
    )
    return index


def parse(content):
    calendar = vobject.readOne(content.decode())
    calendar.validate(raiseException=True)
    for vevent in calendar.vevent_list:
        vevent.validate(raiseException=True)
    return calendar


def test_subscribable_calendar_is_valid(client, events):
    response = client.get(CALENDAR)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.content)
    assert calendar.x_wr_calname.value.startswith("Събития")
    assert calendar.vtimezone.tzid.value == "Europe/Sofia"
    by_title = {vevent.summary.value: vevent for vevent in calendar.vevent_list}
    timed = by_title["Събитие 1"]
    assert timed.dtstart.value == datetime.datetime(2030, 1, 2, 10, tzinfo=SOFIA)
    assert b"DTSTART;TZID=Europe/Sofia:20300102T100000" in response.content
    assert timed.dtstamp.value.tzinfo is not None
    assert timed.url.value == "https://nrm.example.bg/bg/events/event-1/"
    all_day = by_title["Конференция"]
    assert all_day.dtstart.value == datetime.date(2030, 3, 1)
    assert all_day.dtend.value == datetime.date(2030, 3, 3)  # exclusive end
    # No line longer than 75 octets (RFC 5545 folding).
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_uids_are_stable_and_unique(client, events):
    first = parse(client.get(CALENDAR).content)
    page = events.get_children().get(slug="event-1").specific
    page.title, page.slug = "Преименувано", "renamed"
    page.save_revision().publish()
    second = parse(client.get(CALENDAR).content)
    assert sorted(v.uid.value for v in first.vevent_list) == sorted(
        v.uid.value for v in second.vevent_list
    )
    assert len({v.uid.value for v in second.vevent_list}) == 2


def test_hostile_titles_cannot_break_the_file_or_inject_properties(client, events):
    title = "Среща, план; ред\nBEGIN:VEVENT\r\nUID:evil\x07 " + "дълго заглавие " * 10
    event(events, 3, title=title, venue="Зала 1; ет. 2, София")
    response = client.get("/bg/events/event-3/event.ics")
    calendar = parse(response.content)
    assert len(calendar.vevent_list) == 1
    vevent = calendar.vevent
    assert vevent.summary.value.startswith("Среща, план; ред BEGIN:VEVENT UID:evil")
    assert vevent.location.value == "Зала 1; ет. 2, София"
    assert vevent.uid.value != "evil"
    assert b"\x07" not in response.content


def test_monthly_recurrence_keeps_local_time_across_daylight_saving(client, events):
    working_group = event(
        events,
        4,
        title="Работна група",
        start_date=datetime.date(2030, 1, 10),
        frequency="MONTHLY",
        repeat_until=datetime.date(2030, 6, 30),
    )
    EventExceptionDate.objects.create(event=working_group, date=datetime.date(2030, 4, 10))
    working_group.save_revision().publish()
    response = client.get("/bg/events/event-4/event.ics")
    vevent = parse(response.content).vevent
    assert vevent.rrule.value.startswith("FREQ=MONTHLY")
    starts = list(vevent.getrruleset())
    # Sofia switches to summer time on 31 March 2030; meetings stay at 10:00 local time.
    assert [start.date().isoformat() for start in starts] == [
        "2030-01-10",
        "2030-02-10",
        "2030-03-10",
        "2030-05-10",
        "2030-06-10",
    ]
    assert {start.astimezone(SOFIA).hour for start in starts} == {10}
    assert {start.utcoffset() for start in starts} == {
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=3),
    }
    assert working_group.occurrences() == [start.date() for start in starts]


def test_audience_calendars_hold_only_their_audience(client, events):
    calendar = parse(client.get("/bg/events/audience/professionals/calendar.ics").content)
    assert [v.summary.value for v in calendar.vevent_list] == ["Събитие 1"]
    assert client.get("/bg/events/audience/nobody/calendar.ics").status_code == 404


def test_only_live_public_events_are_served_by_get(client, events):
    page = events.get_children().get(slug="event-1").specific
    assert client.post("/bg/events/event-1/event.ics").status_code == 405
    page.unpublish()
    assert client.get("/bg/events/event-1/event.ics").status_code == 404
    titles = [v.summary.value for v in parse(client.get(CALENDAR).content).vevent_list]
    assert titles == ["Конференция"]


def test_calendar_conditional_get_and_cache_follow_edits(client, events):
    first = client.get(CALENDAR)
    assert client.get(CALENDAR, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    event(events, 5, title="Ново събитие")
    changed = client.get(CALENDAR, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Ново събитие" in [v.summary.value for v in parse(changed.content).vevent_list]


def test_calendar_queries_do_not_grow_with_the_number_of_events(client, events):
    def queries():
        cache.clear()  # measure building the calendar, not serving it from the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CALENDAR).status_code == 200
        return len(captured)

    queries()
    few = queries()
    for n in range(10, 30):
        event(events, n)
    assert queries() == few


def test_event_pages_offer_the_ics_download_and_announce_calendars(client, events):
    html = BeautifulSoup(client.get("/bg/events/event-1/").content, "html.parser")
    calendars = {
        link["href"] for link in html.select('link[rel="alternate"][type="text/calendar"]')
    }
    assert calendars == {
        "https://nrm.example.bg/bg/events/calendar.ics",
        "https://nrm.example.bg/bg/events/event-1/event.ics",
    }
    # The button itself stays on the site the visitor is on.
    assert html.select_one('a[download][href="/bg/events/event-1/event.ics"]')


def test_event_index_lists_upcoming_and_past_by_month(client, events):
    event(events, 6, title="Минало", start_date=datetime.date(2020, 5, 4))
    upcoming = BeautifulSoup(client.get("/bg/events/").content, "html.parser")
    past = BeautifulSoup(client.get("/bg/events/past/").content, "html.parser")
    assert "Минало" not in upcoming.text and "Минало" in past.text
    assert [h.text for h in upcoming.select("main h2")][1:] == ["януари 2030", "март 2030"]
