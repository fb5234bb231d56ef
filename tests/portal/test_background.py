"""The task worker's own duties: transient failures are retried with a back-off (a locked
database must not leave a search update FAILED for ever), and periodic jobs (scheduled
publishing, partner feeds) are queued by themselves, once per interval however many
workers run."""

import datetime
import threading
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from bulletin.models import ArticlePage
from portal.background import enqueue_due_jobs
from search.models import QueryStat
from tests.bulletin.factories import bulletin_index

from .worker_tasks import broken, locked_until

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker runs in the test's transaction: it must not close that connection.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_a_task_failing_on_a_locked_database_is_retried_after_a_back_off(db_tasks, settings):
    settings.TASK_RETRY_BASE_SECONDS = 30
    result = locked_until.enqueue(1, "retried")
    before = timezone.now()
    run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"
    assert row.exception_class_path == "django.db.utils.OperationalError"
    assert row.run_after >= before + datetime.timedelta(seconds=29)
    run_worker()  # not before the back-off has passed
    assert not QueryStat.objects.filter(query="retried").exists()

    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL", row.traceback
    assert QueryStat.objects.filter(query="retried").exists()


def test_the_back_off_doubles_and_the_worker_gives_up_after_the_limit(db_tasks, settings):
    settings.TASK_RETRY_ATTEMPTS = 3
    settings.TASK_RETRY_BASE_SECONDS = 10
    result = locked_until.enqueue(5, "given-up")
    delays = []
    for _ in range(3):
        started = timezone.now()
        run_worker()
        row = DBTaskResult.objects.get(pk=result.id)
        delays.append((row.run_after - started).total_seconds())
        DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    assert row.status == "FAILED"
    assert [round(delay, -1) for delay in delays[:2]] == [10, 20]
    assert QueryStat.objects.get(query="given-up-attempt").searches == 3


def test_a_programming_error_is_not_retried(db_tasks):
    result = broken.enqueue()
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert row.exception_class_path == "builtins.ValueError"


def test_periodic_jobs_are_queued_once_per_interval(db_tasks, settings):
    settings.PERIODIC_TASKS = {
        "scheduled-publishing": ("portal.tasks.publish_scheduled_pages", 60),
        "partner-feeds": ("bulletin.tasks.fetch_partner_feeds_task", 3600),
        "switched-off": ("portal.tasks.publish_scheduled_pages", 0),
    }
    now = timezone.now()
    assert enqueue_due_jobs(now) == ["scheduled-publishing", "partner-feeds"]
    # A second worker looking at the same moment, or half a minute later, queues nothing.
    assert enqueue_due_jobs(now) == []
    assert enqueue_due_jobs(now + datetime.timedelta(seconds=30)) == []
    assert enqueue_due_jobs(now + datetime.timedelta(seconds=61)) == ["scheduled-publishing"]
    paths = DBTaskResult.objects.values_list("task_path", flat=True)
    assert sorted(paths) == [
        "bulletin.tasks.fetch_partner_feeds_task",
        "portal.tasks.publish_scheduled_pages",
        "portal.tasks.publish_scheduled_pages",
    ]


def test_a_worker_that_returns_leaves_no_scheduler_behind(db_tasks, settings):
    """A worker run in-process (`--max-tasks`) stops its periodic-job thread when it
    returns: one left behind queued jobs on its own connection beside the next caller
    (on PostgreSQL, the next claim then found nothing due)."""
    settings.PERIODIC_TASKS = {}
    settings.PERIODIC_TASKS_TICK_SECONDS = 0.01
    locked_until.enqueue(0, "one-task")
    call_command("db_worker", "--max-tasks", "1", "--no-startup-delay", "--no-reload", verbosity=0)
    assert not [thread for thread in threading.enumerate() if thread.name == "periodic-jobs"]


def test_a_scheduled_article_appears_on_the_site_in_feeds_and_in_search(
    db_tasks, settings, bg_home, client
):
    """What the worker does every few seconds, step by step: queue the due jobs, run the
    queue. Nobody publishes the page; its "go live" time comes and it is there."""
    settings.PERIODIC_TASKS = {"scheduled-publishing": ("portal.tasks.publish_scheduled_pages", 1)}
    index = bulletin_index(bg_home)
    page = ArticlePage(
        title="Насрочена статия за закрилата",
        slug="scheduled",
        date=datetime.date(2026, 3, 1),
        summary="Излиза сама.",
        live=False,
    )
    index.add_child(instance=page)
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=3)
    page.save_revision().publish()  # approved for "go live" time: not live yet
    page.refresh_from_db()
    assert not page.live

    enqueue_due_jobs()
    run_worker()
    assert client.get(page.url).status_code == 404

    deadline = time.monotonic() + 20
    while not ArticlePage.objects.get(pk=page.pk).live and time.monotonic() < deadline:
        time.sleep(0.5)
        enqueue_due_jobs()
        run_worker()

    assert client.get("/bg/bulletin/scheduled/").status_code == 200
    assert "Насрочена статия за закрилата" in client.get("/bg/bulletin/feed/rss/").text
    found = client.get("/bg/search/", {"q": "насрочена закрилата"})
    assert "/bg/bulletin/scheduled/" in found.text
