"""What the task worker does besides running queued tasks (see `manage.py db_worker`).

- Periodic jobs (settings.PERIODIC_TASKS): scheduled publishing every minute, the partner
  feeds on their interval. Every worker checks them, but a job is queued once per interval
  whichever worker sees it first (the conditional update of its ScheduledJob row).
- A task that failed for a transient reason (the database locked or its connection lost)
  is queued again after a back-off instead of staying FAILED."""

import datetime
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import ScheduledJob

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = {"django.db.utils.OperationalError", "django.db.utils.InterfaceError"}


def enqueue_due_jobs(now=None) -> list[str]:
    """Queues each periodic task whose interval has passed; returns their names."""
    now = now or timezone.now()
    queued = []
    for name, (task_path, seconds) in settings.PERIODIC_TASKS.items():
        if not seconds:
            continue
        with transaction.atomic():
            _job, created = ScheduledJob.objects.get_or_create(
                name=name, defaults={"last_enqueued_at": now}
            )
            due = now - datetime.timedelta(seconds=seconds)
            claimed = created or ScheduledJob.objects.filter(
                name=name, last_enqueued_at__lte=due
            ).update(last_enqueued_at=now)
            if claimed:
                import_string(task_path).enqueue()
                queued.append(name)
    return queued


class Scheduler(threading.Thread):
    """Checks the periodic jobs every `tick` seconds in a daemon thread until stopped. The
    worker stops it when it returns (`--max-tasks`, or a command called in-process): a
    thread left behind would go on queueing jobs beside whoever runs next."""

    def __init__(self, tick: float):
        super().__init__(name="periodic-jobs", daemon=True)
        self.tick = tick
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(self.tick):
            try:
                close_old_connections()
                enqueue_due_jobs()
            except DatabaseError:
                logger.warning("Could not check the periodic jobs; trying again", exc_info=True)
            finally:
                connections.close_all()

    def stop(self):
        self.stopping.set()
        self.join()


def retry_delay(attempts: int) -> float:
    """Exponential back-off: base, 2×base, 4×base… up to the maximum."""
    base, ceiling = settings.TASK_RETRY_BASE_SECONDS, settings.TASK_RETRY_MAX_SECONDS
    return min(base * 2 ** (attempts - 1), ceiling)


def retry_transient_failure(sender, task_result, **kwargs):
    """Receiver of django-tasks' task_finished: a database-queue task that failed with a
    transient error goes back to the queue (same id) until TASK_RETRY_ATTEMPTS is reached."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    backend = sender if isinstance(sender, type) else type(sender)  # the worker sends both
    if not issubclass(backend, DatabaseBackend):
        return
    if not task_result.errors or task_result.errors[-1].exception_class_path not in (
        TRANSIENT_ERRORS
    ):
        return
    attempts = len(task_result.worker_ids)
    if attempts >= settings.TASK_RETRY_ATTEMPTS:
        logger.error("Task id=%s failed %s times; giving up", task_result.id, attempts)
        return
    run_after = timezone.now() + datetime.timedelta(seconds=retry_delay(attempts))
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.warning("Task id=%s failed transiently; retrying after %s", task_result.id, run_after)


def connect_signals():
    task_finished.connect(retry_transient_failure, dispatch_uid="portal-retry-transient")
