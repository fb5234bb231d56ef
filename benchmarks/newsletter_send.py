"""Send one bulletin issue to 2,000 and to 10,000 subscribers through a local SMTP server
(aiosmtpd in a separate process, discarding what it receives) and print messages per second
and the sender's peak Python memory during the send.

    .venv/bin/python benchmarks/newsletter_send.py [--sizes 2000,10000] [--trace]

Throughput is measured without tracemalloc; with --trace each size is sent a second time
under tracemalloc to measure peak memory (tracemalloc slows Python down several times).
"""

import argparse
import os
import resource
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
os.environ["DATABASE_URL"] = "sqlite:///:memory:"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp_server(port):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("SMTP server did not start")


def run(size, number, home, trace):
    from newsletter.models import Subscriber
    from newsletter.sending import deliver, start_mailing
    from tests.bulletin.factories import article, bulletin_index, issue

    index = bulletin_index(home, slug=f"bench-{number}")
    articles = [article(index, n, slug=f"bench-{number}-{n}") for n in range(1, 6)]
    page = issue(index, number, articles)
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
    mailing = start_mailing(page)
    if trace:
        tracemalloc.start()
        tracemalloc.reset_peak()
    started = time.perf_counter()
    outcome = deliver(mailing.pk)
    elapsed = time.perf_counter() - started
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert outcome.counts["sent"] == size, outcome.counts
    return elapsed, peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--trace", action="store_true", help="also measure peak memory")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page.specific
    port = free_port()
    server = start_smtp_server(port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        number = 1
        for size in sizes:
            elapsed, _ = run(size, number, home, trace=False)
            number += 1
            line = f"{size:>6} subscribers: {elapsed:6.1f} s, {size / elapsed:6.0f} messages/s"
            if args.trace:
                _, peak = run(size, number, home, trace=True)
                number += 1
                line += f", peak traced memory {peak / 2**20:5.1f} MiB"
            print(line, flush=True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process max RSS over all runs: {rss:.0f} MiB")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
