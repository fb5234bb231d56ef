"""Content API with 10,000 pages: queries per request and p50/p95 latency of the list and
detail endpoints, measured in-process (no network) on a fresh SQLite database.

    .venv/bin/python benchmarks/api.py            # 10,000 pages, 50 requests per endpoint
    PAGES=2000 REQUESTS=20 .venv/bin/python benchmarks/api.py
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORKDIR = tempfile.mkdtemp(prefix="nrm-api-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Site  # noqa: E402

from portal.models import ContentPage  # noqa: E402

PAGES = int(os.environ.get("PAGES", "10000"))
REQUESTS = int(os.environ.get("REQUESTS", "50"))
SECTIONS = 100
PER_SECTION = max(PAGES // SECTIONS - 1, 0)


def build():
    call_command("migrate", verbosity=0)
    # Building the tree is what takes time; the search index is not what is measured.
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
    home = Site.objects.get(is_default_site=True).root_page.specific
    started = time.perf_counter()
    ids = []
    with transaction.atomic():
        for s in range(SECTIONS):
            section = home.add_child(
                instance=ContentPage(title=f"Раздел {s}", slug=f"razdel-{s}", show_in_menus=True)
            )
            ids.append(section.pk)
            for c in range(PER_SECTION):
                child = section.add_child(
                    instance=ContentPage(
                        title=f"Страница {s}-{c}",
                        slug=f"stranica-{c}",
                        intro="Кратко въведение.",
                        body=[("paragraph", "<p>Текст за насочването на пострадали.</p>")],
                    )
                )
                ids.append(child.pk)
    print(f"built {len(ids)} pages in {time.perf_counter() - started:.0f} s")
    return ids


def measure(client, label, urls):
    timings, queries = [], []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, follow=True)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(
        f"{label:<44} queries {min(queries)}-{max(queries):<3} "
        f"p50 {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms"
    )


def main():
    ids = build()
    client = Client()
    client.get("/api/v3/pages/")  # warm caches as a running server has them
    rng = random.Random(8)
    sections = ids[:: max(PAGES // SECTIONS, 1)]
    api = "/api/v3"
    print(f"{REQUESTS} requests per endpoint")
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
        "find by path /bg/razdel-N/stranica-M/",
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


if __name__ == "__main__":
    main()
