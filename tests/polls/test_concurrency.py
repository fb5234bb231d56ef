"""500 simultaneous votes from real threads give exactly 500 (PostgreSQL only: SQLite
serialises writers and cannot show the race)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from polls.models import PollVote, PollVoteGuard
from polls.voting import form_token
from tests.factories import make_poll

VOTES = 500
# Concurrent database connections: PostgreSQL allows 100 and other clients need some.
WORKERS = 24


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises all writes, so there is no race to test",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_500_simultaneous_votes_are_counted_exactly(bg_locale):
    poll = make_poll(bg_locale)
    choices = [choice for choice, _text in poll.choice_list()]
    url = reverse("polls:vote", args=[poll.pk])
    start = threading.Barrier(WORKERS)
    statuses = []

    def vote(number):
        if number < WORKERS:
            start.wait()
        try:
            # Two addresses share votes, as an office behind one address would.
            client = Client(REMOTE_ADDR=f"10.9.{number // 2 // 250}.{number // 2 % 250}")
            data = {"choice": choices[number % len(choices)], "poll_token": form_token(poll.pk)}
            response = client.post(url, data)
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(vote, range(VOTES)))

    assert statuses.count(303) == VOTES
    assert PollVote.objects.filter(poll_key=poll.translation_key).count() == VOTES
    rows, total = poll.results()
    assert total == VOTES
    assert [votes for _id, _text, votes, _pct in rows] == [167, 167, 166]
    assert sum(g.votes for g in PollVoteGuard.objects.all()) == VOTES
    assert PollVoteGuard.objects.count() == VOTES // 2
