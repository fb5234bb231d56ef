"""Polls and the pages that show them: votes per second under concurrent load, and query counts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrm_portal .venv/bin/python benchmarks/polls.py

Creates a throwaway database next to the one in DATABASE_URL (bench_polls_…), loads the demo
content, measures, and drops it again. Votes go through the real views (form and JSON API)
in-process from concurrent threads, each with its own database connection."""

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrm_portal")

import django

django.setup()

import json  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

VOTES = int(os.environ.get("BENCH_VOTES", "2000"))
THREAD_COUNTS = [1, 8, 16]


def vote_rate(poll, threads, api=False):
    from polls.models import PollVote

    choices = [choice for choice, _text in poll.choice_list()]
    url = f"/api/v3/polls/{poll.pk}/vote/" if api else reverse("polls:vote", args=[poll.pk])
    before = PollVote.objects.count()

    def vote(client, number):
        choice = choices[number % len(choices)]
        if api:
            body = json.dumps({"choice": choice})
            return client.post(url, body, content_type="application/json").status_code == 201
        data = {"choice": choice, "poll_token": poll.form_token()}
        return client.post(url, data).status_code == 303

    def worker(first):
        # Each thread keeps its database connection, as a server worker would.
        try:
            return [
                vote(Client(REMOTE_ADDR=f"10.{n // 65025 % 250}.{n // 255 % 255}.{n % 255}"), n)
                for n in range(first, VOTES, threads)
            ]
        finally:
            connections.close_all()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = [ok for chunk in pool.map(worker, range(threads)) for ok in chunk]
    elapsed = time.perf_counter() - start
    counted = PollVote.objects.count() - before
    assert all(results) and counted == VOTES, (sum(results), counted)
    return VOTES / elapsed


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    assert status == 200, (url, status)
    return len(captured)


def main():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the point is concurrent writes.")
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"bench_polls_{os.getpid()}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo_content", no_admin=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        from polls.models import Poll
        from training.models import LessonPage, TrainingModulePage

        poll = Poll.current()
        print(f"PostgreSQL {connection.pg_version}, database {name}, {VOTES} votes per run")
        for threads in THREAD_COUNTS:
            form = vote_rate(poll, threads)
            api = vote_rate(poll, threads, api=True)
            print(f"  {threads:>2} threads: form {form:7.1f} votes/s   API {api:7.1f} votes/s")
        print(f"  total counted: {poll.results()[1]}")
        with CaptureQueriesContext(connection) as captured:
            Client(REMOTE_ADDR="192.0.2.1").post(
                reverse("polls:vote", args=[poll.pk]),
                {"choice": poll.choice_list()[0][0], "poll_token": poll.form_token()},
            )
        print(f"  queries per vote (form): {len(captured)}")

        from django.contrib.auth import get_user_model

        client = Client()
        module = TrainingModulePage.objects.filter(locale__language_code="bg").first()
        lesson = LessonPage.objects.child_of(module).first()
        print("Queries per page (second request, anonymous visitor):")
        for label, url in [
            ("home page with the current poll", "/bg/"),
            ("training index with a poll block", module.get_parent().url),
            ("poll page", poll.url_path()),
            ("module page", module.url),
            ("lesson page", lesson.url),
            ("post-test form", module.url + "post-test/"),
        ]:
            print(f"  {label:<36} {queries(client, url):>3}")
        user = get_user_model().objects.create_user("bench@example.bg", "bench@example.bg", "x")
        client.force_login(user)
        print("Queries per page (signed-in trainee):")
        print(f"  {'module page':<36} {queries(client, module.url):>3}")
        print(f"  {'lesson page':<36} {queries(client, lesson.url):>3}")
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
