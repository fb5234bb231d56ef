"""One queued index update per object per transaction.

Saving an object queues a search-index update and a reference-index update (Wagtail's
signal handlers), and a page is saved several times while it is created, revised and
published: the demo alone queued 661 tasks for about 200 distinct ones. When tasks are
run later by a worker (the database queue), the worker reads the object as committed, so a
second identical task queued in the same transaction does nothing new: it is skipped.
With a backend that runs tasks at once (the tests' immediate backend) every task runs.

A task counts as queued in the transaction while its marker is among the transaction's
on-commit callbacks: a rolled-back savepoint drops both the marker and the queued row.
"""

from django.db import transaction
from django_tasks_db.backend import DatabaseBackend


class OncePerTransaction:
    """Stands in for a task where a signal handler enqueues it."""

    def __init__(self, task, key_args=None):
        self.task = task
        self.key_args = key_args  # how many leading arguments identify the work

    def enqueue(self, *args, **kwargs):
        connection = transaction.get_connection()
        if connection.in_atomic_block and isinstance(self.task.get_backend(), DatabaseBackend):
            key = (self.task.module_path, args[: self.key_args], tuple(sorted(kwargs.items())))
            if any(
                getattr(c, "queued_task", None) == key for _s, c, _r in connection.run_on_commit
            ):
                return None
            marker = _Marker(key)
            transaction.on_commit(marker)
        return self.task.enqueue(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.task, name)


class _Marker:
    def __init__(self, key):
        self.queued_task = key

    def __call__(self):
        pass


def install():
    """Wrap the tasks that Wagtail's save signals queue: search index, reference index."""
    import modelsearch.signal_handlers
    import wagtail.signal_handlers

    modelsearch.signal_handlers.insert_or_update_object_task = OncePerTransaction(
        modelsearch.signal_handlers.insert_or_update_object_task
    )
    wagtail.signal_handlers.update_reference_index_task = OncePerTransaction(
        wagtail.signal_handlers.update_reference_index_task
    )
