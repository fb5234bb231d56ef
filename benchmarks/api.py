"""Content API with 10,000 pages: queries per request and p50/p95 latency of the list and
detail endpoints, measured in-process (Django's test client: no network, no server) on a
fresh SQLite database. Each endpoint gets REQUESTS requests in each of three rounds; printed
per endpoint, with an example URL: the queries (min-max over the requests), and the median
of the rounds, with the spread (min–max), of p50, p95 and the CPU milliseconds per request
(this process, which holds SQLite); the load average before and after.

    .venv/bin/python benchmarks/api.py            # 10,000 pages, 50 requests per endpoint
    PAGES=2000 REQUESTS=20 .venv/bin/python benchmarks/api.py
"""

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORKDIR = tempfile.mkdtemp(prefix="nrm-api-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from measured import load_average, spread  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from portal.models import ContentPage  # noqa: E402

PAGES = int(os.environ.get("PAGES", "10000"))
REQUESTS = int(os.environ.get("REQUESTS", "50"))
SECTIONS = 100
ROUNDS = 3
PER_SECTION = max(PAGES // SECTIONS - 1, 0)


def _children(section, locale, now):
    """The section's children as rows: inserting 10,000 pages one by one through the
    tree API takes too long to be worth waiting for, and it is not what is measured."""
    content_type = ContentType.objects.get_for_model(ContentPage)
    pages = Page.objects.bulk_create(
        Page(
            title=f"Страница {section.pk}-{c}",
            draft_title=f"Страница {section.pk}-{c}",
            slug=f"stranica-{c}",
            path=Page._get_path(section.path, section.depth + 1, c + 1),
            depth=section.depth + 1,
            numchild=0,
            url_path=f"{section.url_path}stranica-{c}/",
            content_type=content_type,
            locale=locale,
            translation_key=uuid.uuid4(),
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        for c in range(PER_SECTION)
    )
    body = json.dumps([{"type": "paragraph", "value": "<p>Текст за насочването.</p>"}])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {ContentPage._meta.db_table} (page_ptr_id, intro, body) "  # noqa: S608
            "VALUES (%s, %s, %s)",
            [(page.pk, "Кратко въведение.", body) for page in pages],
        )
    Page.objects.filter(pk=section.pk).update(numchild=PER_SECTION)
    return [page.pk for page in pages]


def build():
    call_command("migrate", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page.specific
    started = time.perf_counter()
    ids = []
    now = timezone.now()
    with transaction.atomic():
        for s in range(SECTIONS):
            section = home.add_child(
                instance=ContentPage(title=f"Раздел {s}", slug=f"razdel-{s}", show_in_menus=True)
            )
            ids += [section.pk, *_children(section, home.locale, now)]
    print(f"built {Page.objects.count()} pages in {time.perf_counter() - started:.0f} s")
    return ids


def one_round(client, urls, queries):
    timings = []
    cpu_started = time.process_time()
    for url in urls:
        connection.queries_log.clear()  # it keeps 9,000 queries: the count would be wrong
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, follow=True)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    cpu = (time.process_time() - cpu_started) * 1000 / len(urls)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], cpu


def measure(client, label, urls):
    queries = []
    p50s, p95s, cpus = zip(*(one_round(client, urls, queries) for _ in range(ROUNDS)), strict=True)
    print(
        f"{label:<36} queries {min(queries)}-{max(queries):<3} p50 {spread(p50s, 1):>18} ms  "
        f"p95 {spread(p95s, 1):>18} ms  CPU {spread(cpus, 1):>18} ms  e.g. {urls[0]}"
    )


def main():
    ids = build()
    client = Client()
    client.get("/api/v3/pages/")  # warm caches as a running server has them
    rng = random.Random(8)
    sections = ids[:: max(PAGES // SECTIONS, 1)]
    api = "/api/v3"
    print(f"{REQUESTS} requests per endpoint and round; median of {ROUNDS} rounds (min–max)")
    print(load_average())
    measure(client, "list 20 (default order)", [f"{api}/pages/"] * REQUESTS)
    measure(
        client,
        "list 50 latest in Bulgarian",
        [f"{api}/pages/?locale=bg&order=-first_published_at&limit=50"] * REQUESTS,
    )
    measure(
        client,
        "list 50 children of a section",
        [f"{api}/pages/?child_of={rng.choice(sections)}&limit=50" for _ in range(REQUESTS)],
    )
    measure(client, "list 20 at offset 9,000", [f"{api}/pages/?offset=9000"] * REQUESTS)
    measure(
        client,
        "detail of a random page",
        [f"{api}/pages/{rng.choice(ids)}/" for _ in range(REQUESTS)],
    )
    measure(
        client,
        "find by path, and its redirect followed",
        [
            f"{api}/site/find/?path=/bg/razdel-{rng.randrange(SECTIONS)}/stranica-{rng.randrange(PER_SECTION)}/"
            for _ in range(REQUESTS)
        ],
    )
    measure(
        client,
        "translations of a page",
        [f"{api}/pages/{rng.choice(ids)}/translations/" for _ in range(REQUESTS)],
    )
    measure(client, "site navigation (100 menu items)", [f"{api}/site/?locale=bg"] * REQUESTS)
    print(load_average())


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
