"""`manage.py db_worker`: django-tasks-db's worker, made to outlive a database restart.

The stock worker exits when its database connection is cut while it claims a task or
records a result, and the task it had claimed stays RUNNING for ever: a confirmation mail
or a cache purge would be lost. This one waits until the database answers, puts the task it
was running back in the queue and carries on.

Unless it runs with --batch, it also queues the periodic jobs (scheduled publishing,
partner feeds) when they are due; tasks that failed for a transient reason are retried
(portal/background.py). Running a task again is safe for every task
of the portal: purges and indexing are idempotent, mailings claim each delivery, and a
confirmation mail is only sent while its link is still the valid one."""

import logging
import time

from django.conf import settings
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from portal.background import Scheduler

logger = logging.getLogger("django_tasks_db")
DATABASE_ERRORS = (OperationalError, InterfaceError)
RECONNECT_SECONDS = 1


class Command(db_worker.Command):
    help = "Run a database background worker that survives a database restart"

    def handle(self, *args, worker_id: str, **options) -> None:
        scheduler = None
        if not options["batch"]:
            scheduler = Scheduler(settings.PERIODIC_TASKS_TICK_SECONDS)
            scheduler.start()
        try:
            self.run_surviving_disconnections(*args, worker_id=worker_id, **options)
        finally:
            if scheduler:
                scheduler.stop()

    def run_surviving_disconnections(self, *args, worker_id: str, **options) -> None:
        while True:
            try:
                return super().handle(*args, worker_id=worker_id, **options)
            except DATABASE_ERRORS as error:
                logger.warning("Database connection lost (%s); waiting for it", error)
                wait_for_database()
                requeue_interrupted(worker_id)


def wait_for_database() -> None:
    while True:
        connections.close_all()
        try:
            connections[DBTaskResult.objects.db].ensure_connection()
            return
        except DATABASE_ERRORS:
            time.sleep(RECONNECT_SECONDS)


def requeue_interrupted(worker_id: str) -> None:
    """The task this worker had claimed when the connection went is ready to run again (a
    worker runs one task at a time, so no other RUNNING task of its own is in progress)."""
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for result in running.only("id", "worker_ids"):
        if result.worker_ids and result.worker_ids[-1] == worker_id:
            running.filter(pk=result.pk).update(status=TaskResultStatus.READY)
            logger.warning("Task id=%s was interrupted; it is queued again", result.pk)
