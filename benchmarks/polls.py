"""Poll votes over HTTP against gunicorn with 1, 2 and 4 worker processes on PostgreSQL, and
the queries of the pages that show polls, modules and lessons.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrm_bench_polls \\
        .venv/bin/python benchmarks/polls.py [--workers 1,2,4] [--votes 600] [--runs 3]

It empties and recreates the database in DATABASE_URL (never point it at real data), loads
the demo content and serves it with production settings (page cache off) on BENCH_PORT
(default 8300). Each run starts gunicorn afresh with the given number of workers and posts
--votes votes through the poll's form from --clients client threads, each vote from its own
address (X-Real-IP, read through CLIENT_IP_META as behind the portal's proxy), after 20
untimed votes per worker (a running server has imported its code and connected). The runs
are interleaved (1, 2, 4, 1, 2, 4, …) so that a change of load on the machine touches every
worker count alike. For each worker count it prints the median over the runs, with the
spread (min–max), of votes per second (wall clock, from the first request sent to the last
answer) and of the workers' CPU milliseconds per vote, and the load average.

Loss is checked exactly: a vote is accepted when the server answers 303, and the client
records its address. Every accepted vote must have added one vote row and the guard row of
its address (written in the same transaction, keyed by a hash of the address): the script
counts both and prints the missing ones, which must be 0.

Then, in this process with the same settings, it prints the queries of the second request
(anonymous, then a signed-in trainee) to each page, labelled with its URL.
"""

import argparse
import http.client
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from measured import load_average, spread
from served import Gunicorn, prepare, production_env

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrm_bench_polls")
PORT = int(os.environ.get("BENCH_PORT", "8300"))
WARM_UP = 20  # untimed votes per worker first: a running server has imported and connected


def post_votes(server, path, form, addresses, clients):
    """Posts one vote per address from `clients` threads; returns the accepted addresses
    and the seconds from the first request to the last answer."""
    accepted, refused = [], []
    pending = iter(addresses)
    lock = threading.Lock()

    def client():
        while True:
            with lock:
                address = next(pending, None)
            if address is None:
                return
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            connection.request(
                "POST",
                path,
                body=form,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Real-IP": address,
                },
            )
            status = connection.getresponse().status
            connection.close()
            with lock:
                (accepted if status == 303 else refused).append((address, status))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not refused, f"refused votes: {refused[:5]}"
    return [address for address, _status in accepted], elapsed


def missing_votes(poll, accepted, votes_before):
    """Accepted votes without their vote row, and accepted addresses without their guard row."""
    from polls.models import PollVote, PollVoteGuard, guard_digest
    from portal.client_identity import current_window

    windows = {current_window(), current_window(now=time.time() - 600)}
    digests = {
        guard_digest(address, poll.translation_key, window)
        for address in accepted
        for window in windows
    }
    guarded = PollVoteGuard.objects.filter(poll_key=poll.translation_key, digest__in=digests)
    votes = PollVote.objects.filter(poll_key=poll.translation_key).count() - votes_before
    return len(accepted) - votes, len(accepted) - guarded.count()


def address(number):
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def vote_runs(env, poll, worker_counts, runs, votes, clients):
    from polls.models import PollVote

    path = poll.vote_url()
    form = urlencode({"choice": poll.choice_list()[0][0], "poll_token": poll.form_token()})
    rates = {workers: [] for workers in worker_counts}
    cpu_per_vote = {workers: [] for workers in worker_counts}
    sent = 0
    for run in range(runs):
        for workers in worker_counts:
            with Gunicorn(env, PORT, workers) as server:
                addresses = [address(sent + n) for n in range(WARM_UP * workers + votes)]
                sent += len(addresses)
                before = PollVote.objects.filter(poll_key=poll.translation_key).count()
                warm, _elapsed = post_votes(server, path, form, addresses[:-votes], clients)
                cpu_before = server.worker_cpu()
                accepted, elapsed = post_votes(server, path, form, addresses[-votes:], clients)
                cpu = server.worker_cpu() - cpu_before
            lost_votes, lost_guards = missing_votes(poll, warm + accepted, before)
            print(
                f"  run {run + 1}, {workers} worker(s): {len(accepted)} accepted of {votes}, "
                f"{len(accepted) / elapsed:.0f} votes/s, {cpu / votes * 1000:.1f} ms worker CPU "
                f"per vote; missing: {lost_votes} vote rows, {lost_guards} address rows; "
                f"{load_average()}",
                flush=True,
            )
            assert lost_votes == lost_guards == 0
            rates[workers].append(len(accepted) / elapsed)
            cpu_per_vote[workers].append(cpu / votes * 1000)
    print(f"Votes through the form over HTTP, median of {runs} runs (min–max); {load_average()}")
    print(f"  {'workers':>7}  {'votes/s':>16}  {'worker CPU ms per vote':>24}")
    for workers in worker_counts:
        print(
            f"  {workers:>7}  {spread(rates[workers]):>16}  {spread(cpu_per_vote[workers], 1):>24}"
        )


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    assert status == 200, (url, status)
    return len(captured)


def page_queries(poll):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from training.models import LessonPage, TrainingModulePage

    module = TrainingModulePage.objects.filter(locale__language_code="bg").live().first()
    lesson = LessonPage.objects.child_of(module).live().first()
    anonymous = [
        ("home page (with the current poll)", "/bg/"),
        ("training index (with a poll block)", module.get_parent().url),
        ("poll page", poll.url_path()),
        ("training module", module.url),
        ("lesson", lesson.url),
        ("post-test form", module.url + "post-test/"),
    ]
    client = Client()
    print("Queries of the second request to each page, anonymous visitor:")
    for label, url in anonymous:
        print(f"  {queries(client, url):>3}  {label:<36} {url}")
    user = get_user_model().objects.create_user("bench@example.bg", "bench@example.bg", "x")
    client.force_login(user)
    print("Queries of the second request, signed-in trainee:")
    for label, url in anonymous[3:5]:
        print(f"  {queries(client, url):>3}  {label:<36} {url}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--votes", type=int, default=600, help="votes per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8, help="client threads")
    args = parser.parse_args()
    if not DATABASE_URL.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database: the point is concurrent writes.")
    work = Path(tempfile.mkdtemp(prefix="nrm-polls-bench-"))
    env = production_env(
        DATABASE_URL,
        work,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        CLIENT_IP_META="HTTP_X_REAL_IP",
    )
    try:
        measure(env, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(env, args):
    print(f"preparing {DATABASE_URL.rsplit('/', 1)[1]} with the demo content", flush=True)
    prepare(env)
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import translation

    from polls.models import Poll

    with translation.override("bg"):
        poll = Poll.current()
    print(f"{args.votes} votes per run, {args.clients} client threads, poll {poll.vote_url()}")
    vote_runs(
        env, poll, [int(n) for n in args.workers.split(",")], args.runs, args.votes, args.clients
    )
    with translation.override("bg"):
        page_queries(poll)


if __name__ == "__main__":
    main()
