"""A task for the worker test: it waits, then records that it ran (a query statistic is
the simplest row the portal has)."""

import time

from django_tasks import task

from search.models import QueryStat


@task()
def record_after(seconds: float, marker: str) -> None:
    time.sleep(seconds)
    QueryStat.record("bg", marker, 1)
