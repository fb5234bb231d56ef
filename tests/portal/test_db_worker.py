"""The task worker outlives a database restart: when PostgreSQL cuts its connection in the
middle of a task, the worker waits, runs that task again and goes on (the stock worker
exits and leaves the task RUNNING for ever)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from search.models import QueryStat

from .worker_tasks import record_after

ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def worker():
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    environment.update(DATABASE_URL=url, DEBUG="0")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield process
    process.terminate()
    process.wait(timeout=10)


def cut_other_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.rowcount


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="cuts connections with pg_terminate_backend"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_survives_its_connection_being_cut_mid_task(settings, worker):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = record_after.enqueue(2, "cut-mid-task")
    assert wait_until(lambda: DBTaskResult.objects.get(pk=result.id).status == "RUNNING")
    assert cut_other_connections() >= 1

    assert wait_until(lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL")
    assert QueryStat.objects.filter(query="cut-mid-task").count() == 1
    assert worker.poll() is None, worker.stderr.read1().decode()

    later = record_after.enqueue(0, "after-the-cut")  # and it goes on with new work
    assert wait_until(lambda: DBTaskResult.objects.get(pk=later.id).status == "SUCCESSFUL")
