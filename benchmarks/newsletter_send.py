"""Sending one bulletin issue to 2,000 and to 10,000 subscribers, on a SQLite file and on
PostgreSQL, through a real SMTP server (aiosmtpd on 127.0.0.1, in its own process).

    .venv/bin/python benchmarks/newsletter_send.py [--sizes 2000,10000] [--runs 3] [--trace]
        [--databases sqlite,postgres]

PostgreSQL is BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/nrm_bench_newsletter):
that database is dropped and created again, never point it at real data. The SQLite file is
a fresh one in a temporary folder. The SMTP server listens on BENCH_SMTP_PORT (8301).

Each run publishes a new issue and, with the clock started, does what the editor's "Send"
starts: `start_mailing` (one delivery row per confirmed subscriber) and the sending of every
batch (`deliver`, what `send_bulletin` runs); the clock stops when the SMTP server accepted
the last message. The subscribers exist before the clock starts, as they do on a live site.
A run counts only when the server received exactly one message for every subscriber (the
recipients it recorded are compared with the subscribers' addresses). Printed per database
and size: the median over the runs, with the spread (min–max), of messages per second (wall
clock) and of the sender's CPU milliseconds per message (this process, which holds SQLite,
plus its PostgreSQL backend process), and the load average. With --trace each size is sent
once more under tracemalloc to measure the sender's peak Python memory (tracemalloc slows
Python down several times, so that run is not timed).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from measured import cpu_seconds, load_average, spread

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/nrm_bench_newsletter")
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8301"))


def start_django(database_url):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    os.environ["EMAIL_HOST"], os.environ["EMAIL_PORT"] = "127.0.0.1", str(SMTP_PORT)
    if database_url.startswith("postgres"):
        from served import recreate_postgres_database

        recreate_postgres_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def subscribe(size):
    from newsletter.models import Subscriber

    Subscriber.objects.all().delete()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{n}@example.bg",
                name=f"Читател {n}",
                language="bg",
                status=Subscriber.Status.CONFIRMED,
            )
            for n in range(size)
        ],
        batch_size=2000,
    )
    return {f"reader{n}@example.bg" for n in range(size)}


def new_issue(number):
    from wagtail.models import Site

    from tests.bulletin.factories import article, bulletin_index, issue

    home = Site.objects.get(is_default_site=True).root_page.specific
    index = bulletin_index(home, slug=f"bench-{number}")
    articles = [article(index, n, slug=f"bench-{number}-{n}") for n in range(1, 6)]
    return issue(index, number, articles)


def database_cpu():
    """CPU seconds of the PostgreSQL backend serving this process (SQLite runs inside it)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cpu_seconds(cursor.fetchone()[0])


def send(page, sink, expected):
    """Seconds from the start of the mailing to the last message the server accepted, and
    the sender's CPU seconds."""
    from newsletter.sending import deliver, start_mailing

    sink.reset()
    database_before = database_cpu()
    started, cpu_started = time.time(), time.process_time()
    deliver(start_mailing(page).pk)
    cpu = time.process_time() - cpu_started + database_cpu() - database_before
    received = sink.report()
    recipients = received["recipients"]
    assert len(recipients) == len(expected) and set(recipients) == expected, (
        f"the server received {len(recipients)} messages for {len(set(recipients))} "
        f"addresses; {len(expected - set(recipients))} subscribers got none"
    )
    return received["last"] - started, cpu


def one_database(database_url, sizes, runs, trace):
    from mail_sink import MailSink

    start_django(database_url)
    from django.db import connection

    sink = MailSink(SMTP_PORT)
    number = 0
    try:
        print(f"{connection.vendor}: {load_average()}", flush=True)
        for size in sizes:
            expected = subscribe(size)
            rates, cpu_per_message = [], []
            for _run in range(runs):
                number += 1
                elapsed, cpu = send(new_issue(number), sink, expected)
                rates.append(size / elapsed)
                cpu_per_message.append(cpu / size * 1000)
            line = (
                f"  {size:>6} subscribers: {spread(rates)} messages/s received, sender CPU "
                f"{spread(cpu_per_message, 2)} ms per message"
            )
            if trace:
                number += 1
                page = new_issue(number)
                tracemalloc.start()
                send(page, sink, expected)
                line += f", peak traced memory {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MiB"
                tracemalloc.stop()
            print(line, flush=True)
        print(f"  after the runs: {load_average()}")
    finally:
        sink.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--trace", action="store_true", help="also measure peak memory")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)  # one database, in a child
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.database_url:
        one_database(args.database_url, sizes, args.runs, args.trace)
        return
    print(f"median of {args.runs} runs (min–max)")
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix="nrm-newsletter-bench-") as work:
            url = PG_URL if database == "postgres" else f"sqlite:///{work}/bench.sqlite3"
            # Django is set up once per process: each database gets its own.
            command = [sys.executable, __file__, "--database-url", url, "--sizes", args.sizes]
            command += ["--runs", str(args.runs), *(["--trace"] if args.trace else [])]
            subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
