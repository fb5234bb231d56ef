"""Bulletin responses with 5,000 articles and 1,000 events: SQL queries and timings of the
index, an article, the feeds, the calendar and the home page, through Django's test client
in this process (no HTTP, no server; the page cache is off).

    .venv/bin/python benchmarks/bulletin.py [--articles 5000] [--events 1000]

Builds its own SQLite database in a temporary folder (or uses DATABASE_URL if set). Each
path is requested once untimed, then five times with the caches cleared before each request;
printed per path: the queries, the median with the spread (min–max) of the wall-clock and of
the CPU milliseconds (this process, which holds SQLite), the size, and the load average."""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORKDIR = tempfile.mkdtemp(prefix="nrm-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from measured import load_average, spread  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from bulletin.models import (  # noqa: E402
    ArticlePage,
    BulletinIndexPage,
    EventIndexPage,
    EventPage,
    Topic,
)


def add(parent, page):
    page.live = True
    page.first_published_at = page.last_published_at = timezone.now()
    return parent.add_child(instance=page)


def bulk_add(parent, model, pages, batch=500):
    """Insert many published children of `parent` at once: the base page rows with
    bulk_create, then the rows of the page type's own table (no revisions, no search
    index entries; the responses measured here never read those)."""
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    for position, page in enumerate(pages, start=parent.numchild + 1):
        page.path = Page._get_path(parent.path, parent.depth + 1, position)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
    for start in range(0, len(pages), batch):
        chunk = pages[start : start + batch]
        bases = Page.objects.bulk_create(
            [
                Page(**{f.attname: getattr(p, f.attname) for f in Page._meta.concrete_fields})
                for p in chunk
            ]
        )
        for page, base in zip(chunk, bases, strict=True):
            page.pk = page.page_ptr_id = base.pk
        model._base_manager._insert(chunk, fields=model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    parent.numchild += len(pages)
    return pages


def build(articles, events):
    home = Site.objects.get(is_default_site=True).root_page.specific
    news = add(home, BulletinIndexPage(title="Новини", slug="novini"))
    calendar = add(home, EventIndexPage(title="Събития", slug="sybitiya"))
    topics = [
        Topic.objects.create(locale=home.locale, name=f"Тема {n}", slug=f"tema-{n}")
        for n in range(10)
    ]
    start = datetime.date(2015, 1, 1)
    created = bulk_add(
        news,
        ArticlePage,
        [
            ArticlePage(
                title=f"Статия {n}: трафик, насочване и подкрепа",
                slug=f"statiya-{n}",
                date=start + datetime.timedelta(days=n),
                summary="Кратко резюме на статията за списъци и емисии.",
                author="Секретариат",
                body=[("paragraph", "<p>Текст на статията с <b>удебелен</b> откъс.</p>")],
            )
            for n in range(articles)
        ],
    )
    through = ArticlePage.topics.through
    through.objects.bulk_create(
        through(articlepage_id=page.pk, topic_id=topic.pk)
        for n, page in enumerate(created)
        for topic in {topics[n % 10], topics[(n * 7) % 10]}
    )
    today = timezone.localdate()
    bulk_add(
        calendar,
        EventPage,
        [
            EventPage(
                title=f"Събитие {n}, среща; обучение",
                slug=f"sybitie-{n}",
                start_date=today + datetime.timedelta(days=n - events // 2),
                start_time=datetime.time(10, 0),
                end_time=datetime.time(12, 0),
                venue="София",
                frequency="MONTHLY" if n % 50 == 0 else "",
            )
            for n in range(events)
        ],
    )
    return news, calendar


def measure(client, path, runs=5, cold=True):
    wall, cpu = [], []
    for _ in range(runs):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            began, cpu_began = time.perf_counter(), time.process_time()
            response = client.get(path)
            cpu.append((time.process_time() - cpu_began) * 1000)
            wall.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return len(captured), spread(wall, 1), spread(cpu, 1), len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--events", type=int, default=1000)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with transaction.atomic():
        build(options.articles, options.events)
    print(
        f"built {options.articles} articles and {options.events} events "
        f"in {time.perf_counter() - began:.1f} s ({connection.vendor})"
    )
    client = Client()
    paths = [
        "/bg/",
        "/bg/novini/",
        f"/bg/novini/?page={max(1, options.articles // 12)}",
        "/bg/novini/?topic=tema-3&year=2020",
        "/bg/novini/archive/2024/",
        f"/bg/novini/statiya-{options.articles // 2}/",
        "/bg/novini/feed/rss/",
        "/bg/novini/feed/atom/",
        "/bg/novini/topic/tema-3/feed/rss/",
        "/bg/sybitiya/",
        "/bg/sybitiya/calendar.ics",
        "/bg/sybitiya/sybitie-10/event.ics",
    ]
    print(f"caches cleared before every request; median of 5 (min–max); {load_average()}")
    print(f"{'path':44} {'queries':>7} {'ms':>20} {'CPU ms':>20} {'bytes':>9}")
    for path in paths:
        measure(client, path, runs=1)  # warm caches
        queries, wall, cpu, size = measure(client, path)
        print(f"{path:44} {queries:7d} {wall:>20} {cpu:>20} {size:9d}")
    queries, wall, cpu, size = measure(client, "/bg/sybitiya/calendar.ics", cold=False)
    print(f"{'/bg/sybitiya/calendar.ics, server cache kept':44} {queries:7d} {wall:>20} {cpu:>20}")
    print(load_average())


if __name__ == "__main__":
    main()
