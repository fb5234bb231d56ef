"""Search at 10,000 pages: indexing throughput and p50/p95 query latency.

    .venv/bin/python benchmarks/search.py                      # SQLite (a fresh temporary file)
    DATABASE_URL=postgres://…/nrm_bench .venv/bin/python benchmarks/search.py

The PostgreSQL database is emptied and migrated first: never point this at real data.
Pages are ContentPages and ProjectPages in Bulgarian and English, written in bulk (page rows
straight into the tree) and then indexed the way `update_index` does it; queries go
through the same `run_search` the search page and the API use (results, counts per type,
best section and highlighted snippets), timed in this process without HTTP or rendering.
Then the same query shapes are timed as the search page a visitor waits for, over HTTP
from gunicorn with production settings (`search_pages.py`); both are labelled as such.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import timezone  # noqa: E402
from search_pages import time_search_pages  # noqa: E402
from wagtail.models import Locale, Page, Site  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from portal.models import ContentPage, ProjectPage  # noqa: E402
from search.service import SearchParams, run_search  # noqa: E402
from search.vocabulary import rebuild  # noqa: E402

PAGES = int(os.environ.get("BENCH_PAGES", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
PAGE_REQUESTS = int(os.environ.get("BENCH_PAGE_REQUESTS", "10"))  # per query shape and round

# Real terms, spread over the middle ranks of a Zipf-distributed vocabulary of a few
# thousand generated words, so a query matches a realistic fraction of the pages (from
# about two thirds for the commonest term to a few per cent for the rarest).
TERMS = {
    "bg": [
        "жертва",
        "жертви",
        "пострадали",
        "трафик",
        "хора",
        "услуга",
        "услугите",
        "социална",
        "закрила",
        "полиция",
        "полицаи",
        "механизъм",
        "механизми",
        "насочване",
        "идентификация",
        "кризисен",
        "център",
        "настаняване",
        "консултиране",
        "съд",
        "прокуратура",
        "община",
        "комисия",
        "доклад",
        "обучение",
        "гранична",
        "работници",
        "деца",
        "семейство",
        "завръщане",
        "интеграция",
        "стандарт",
        "насоки",
        "процедура",
        "случай",
        "риск",
        "оценка",
        "подкрепа",
    ],
    "en": [
        "victim",
        "victims",
        "survivors",
        "trafficking",
        "people",
        "service",
        "services",
        "social",
        "protection",
        "police",
        "officers",
        "mechanism",
        "mechanisms",
        "referral",
        "identification",
        "crisis",
        "centre",
        "shelter",
        "counselling",
        "court",
        "prosecutor",
        "municipality",
        "commission",
        "report",
        "training",
        "border",
        "workers",
        "children",
        "family",
        "return",
        "integration",
        "standard",
        "guidelines",
        "procedure",
        "case",
        "risk",
        "assessment",
        "support",
    ],
}
SYLLABLES = {
    "bg": [c + v for c in "бвгдзклмнпрстчш" for v in "аеиоуъ"],
    "en": [c + v for c in "bcdfghklmnprstvw" for v in "aeiou"],
}
GENERATED_WORDS = 3000


def vocabulary(language):
    """Generated words (two to four syllables) with the real terms at ranks 30, 42, 54, …"""
    rng = random.Random(language)
    words = set()
    while len(words) < GENERATED_WORDS:
        words.add("".join(rng.choices(SYLLABLES[language], k=rng.randint(2, 4))))
    words = sorted(words)
    rng.shuffle(words)
    for number, term in enumerate(TERMS[language]):
        words.insert(30 + 12 * number, term)
    return words


WORDS = {language: vocabulary(language) for language in TERMS}
WEIGHTS = [1 / rank for rank in range(1, len(WORDS["bg"]) + 1)]
QUERIES = {
    "bg": ["жертви", "социални услуги", "механизми за насочване", "полицаи", '"кризисен център"'],
    "en": ["victims", "social services", "referral mechanisms", "police officers", "shelter"],
}
# Typos, corrected from the vocabulary (measured after the shapes above, which they extend).
TYPOS = {"bg": ["жертфи", "социални ослуги"], "en": ["victmis", "socail services"]}


def sentence(rng, language, length=14):
    return " ".join(rng.choices(WORDS[language], WEIGHTS, k=length)).capitalize() + "."


def body(rng, language, page_number):
    blocks = []
    for section in range(3):
        blocks.append(
            {
                "type": "heading",
                "value": {
                    "level": "2",
                    "text": sentence(rng, language, 3),
                    "anchor": f"s-{page_number}-{section}",
                },
            }
        )
        paragraph = " ".join(sentence(rng, language) for _ in range(4))
        blocks.append({"type": "paragraph", "value": f"<p>{paragraph}</p>"})
    return blocks


def reset_database():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


@transaction.atomic
def build(rng):
    """Write PAGES pages under the two home pages, half in each language."""
    site_root = Site.objects.get(is_default_site=True).root_page
    homes = {
        "bg": site_root,
        "en": site_root.get_translation(Locale.objects.get(language_code="en")),
    }
    types = {
        model: ContentType.objects.get_for_model(model) for model in (ContentPage, ProjectPage)
    }
    now = timezone.now()
    per_home = PAGES // 2
    for language, home in homes.items():
        base_rows, specific = [], []
        for number in range(per_home):
            model = ProjectPage if number % 5 == 0 else ContentPage
            title = sentence(rng, language, 4)
            slug = f"{language}-{number}"
            base_rows.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=types[model],
                    path=Page._get_path(home.path, home.depth + 1, number + 1),
                    depth=home.depth + 1,
                    numchild=0,
                    url_path=f"{home.url_path}{slug}/",
                    locale_id=home.locale_id,
                    live=True,
                    first_published_at=now - timezone.timedelta(days=rng.randint(0, 2000)),
                    last_published_at=now,
                )
            )
            specific.append((model, number))
        Page.objects.bulk_create(base_rows, batch_size=1000)
        for row, (model, number) in zip(base_rows, specific, strict=True):
            extra = {"intro": sentence(rng, language), "body": body(rng, language, number)}
            if model is ProjectPage:
                extra.update(implementer="Национална комисия", start_date=now.date())
            page = model(page_ptr=row, **extra)
            page.__dict__.update(
                {f.attname: getattr(row, f.attname) for f in Page._meta.concrete_fields}
            )
            page.save_base(raw=True)
        Page.objects.filter(pk=home.pk).update(numchild=per_home)


def index_all():
    backend = get_search_backend()
    started = time.perf_counter()
    count = 0
    for model in (ContentPage, ProjectPage):
        index = backend.get_index_for_model(model)
        objects = list(model.get_indexed_objects().order_by("pk"))
        for start in range(0, len(objects), 500):
            chunk = objects[start : start + 500]
            index.add_items(model, chunk)
            count += len(chunk)
    return count, time.perf_counter() - started


def percentiles(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def measure(params, locale):
    """p50 and p95 of the wall-clock time and of the CPU time of RUNS searches. On SQLite
    the database runs inside this process, so its CPU time is the whole cost of a search
    and, unlike the wall clock, hardly moves when other programs load the machine."""
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        run_search(SearchParams.from_data(params), locale)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return (*percentiles(wall), *percentiles(cpu))


def main():
    rng = random.Random(7)
    reset_database()
    started = time.perf_counter()
    build(rng)
    built = time.perf_counter() - started
    count, seconds = index_all()
    started = time.perf_counter()
    words = rebuild(
        page for model in (ContentPage, ProjectPage) for page in model.objects.iterator()
    )
    print(f"vocabulary: {words} words in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does to freshly loaded tables within a minute on a live site.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database: {connection.vendor}; pages: {Page.objects.filter(depth=3).count()}")
    print(f"wrote pages in {built:.1f} s")
    print(f"indexed {count} pages in {seconds:.1f} s ({count / seconds:.0f} pages/s)")
    print(f"load average before the queries: {os.getloadavg()[0]:.1f}")
    print("search function (run_search in this process: no HTTP, no page rendering)")
    print(f"{'query':<40} {'results':>8} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8}")
    all_p95, all_cpu_p95 = [], []
    for language, queries in QUERIES.items():
        locale = Locale.objects.get(language_code=language)
        for query in queries:
            for extra in ("", "&sort=date", "&type=portal.projectpage&page=3"):
                params = QueryDict(f"q={query}{extra}")
                total = run_search(SearchParams.from_data(params), locale).total
                p50, p95, cpu50, cpu95 = measure(params, locale)
                all_p95.append(p95)
                all_cpu_p95.append(cpu95)
                label = f"[{language}] {query}{extra.replace('&', ' ')}"
                print(
                    f"{label[:40]:<40} {total:>8} {p50:>8.1f} {p95:>8.1f} {cpu50:>8.1f} {cpu95:>8.1f}"
                )
    print(f"worst p95: {max(all_p95):.1f} ms; median p95: {statistics.median(all_p95):.1f} ms")
    print(
        f"CPU time: worst p95 {max(all_cpu_p95):.1f} ms; median p95 "
        f"{statistics.median(all_cpu_p95):.1f} ms; load average now {os.getloadavg()[0]:.1f}"
    )
    for language, queries in TYPOS.items():
        locale = Locale.objects.get(language_code=language)
        for query in queries:
            params = QueryDict(f"q={query}")
            outcome = run_search(SearchParams.from_data(params), locale)
            p50, p95, cpu50, cpu95 = measure(params, locale)
            label = f"[{language}] {query} → {outcome.query.text}"
            print(
                f"{label[:40]:<40} {outcome.total:>8} {p50:>8.1f} {p95:>8.1f} {cpu50:>8.1f} {cpu95:>8.1f}"
            )
    pages = [
        f"/{language}/search/?q={quote(query)}{extra}"
        for language, queries in QUERIES.items()
        for query in queries
        for extra in ("", "&sort=date", "&type=portal.projectpage&page=3")
    ]
    print(f"search page (GET over HTTP, {len(pages)} query shapes, {PAGE_REQUESTS} each per round)")
    time_search_pages(os.environ["DATABASE_URL"], pages, PAGE_REQUESTS)


if __name__ == "__main__":
    main()
