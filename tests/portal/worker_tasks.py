"""A task for the worker test: it waits, then records that it ran (a query statistic is
the simplest row the portal has)."""

import time

from django.db import OperationalError
from django_tasks import task

from search.models import QueryStat


@task()
def record_after(seconds: float, marker: str) -> None:
    time.sleep(seconds)
    QueryStat.record("bg", marker, 1)


@task()
def locked_until(failures: int, marker: str) -> None:
    """Fails as a locked SQLite database does, `failures` times, then records its marker."""
    earlier = QueryStat.objects.filter(query=f"{marker}-attempt").first()
    attempts = earlier.searches if earlier else 0
    QueryStat.record("bg", f"{marker}-attempt", 1)
    if attempts < failures:
        raise OperationalError("database is locked")
    QueryStat.record("bg", marker, 1)


@task()
def broken() -> None:
    raise ValueError("a bug, not a passing condition")
