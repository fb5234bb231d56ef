"""The worker process is killed in the middle of a mailing and started again with --resume:
every confirmed subscriber ends up with exactly one copy."""

import collections
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from newsletter.models import Delivery

from .factories import issue_with_articles, subscriber

WORKER = Path(__file__).with_name("worker.py")


@pytest.fixture
def shared_db_name(tmp_path):
    """A database name another process can open: the PostgreSQL test database itself, or a
    file copy of the in-memory SQLite one."""
    if connection.vendor != "sqlite":
        yield connection.settings_dict["NAME"], None
        return
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    yield str(path), (connection.connection, target)
    target.close()


def run_worker(db_name, port, issue_id, *options):
    return subprocess.Popen(
        [sys.executable, str(WORKER), db_name, str(port), str(issue_id), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


# serialized_rollback: the flush at the end would otherwise recreate content types under new
# ids on PostgreSQL, and a later test's restore of the migrated data would collide with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_killed_worker_resumes_without_duplicates_or_gaps(bg_home, smtp_server, shared_db_name):
    issue = issue_with_articles(bg_home)
    readers = [subscriber(n) for n in range(23)]
    db_name, sqlite_copy = shared_db_name
    if sqlite_copy:
        source, target = sqlite_copy
        source.backup(target)

    worker = None

    def kill_during_the_twelfth(count):
        if count == 11 and worker is not None and worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
            return False  # the server never accepted this one
        return True

    smtp_server.on_data = kill_during_the_twelfth
    worker = run_worker(db_name, smtp_server.port, issue.pk)
    assert worker.wait(timeout=120) == -signal.SIGKILL
    assert len(smtp_server.messages) == 11

    smtp_server.on_data = None
    resumed = run_worker(db_name, smtp_server.port, issue.pk, "--resume", "--stale-after", "0")
    _, errors = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, errors.decode()

    copies = collections.Counter(smtp_server.recipients)
    assert copies == collections.Counter({reader.email: 1 for reader in readers})
    if sqlite_copy:
        statuses = sqlite3.connect(db_name).execute("SELECT status FROM newsletter_delivery")
        statuses = [row[0] for row in statuses]
    else:
        statuses = list(Delivery.objects.values_list("status", flat=True))
    assert statuses == ["sent"] * len(readers)
