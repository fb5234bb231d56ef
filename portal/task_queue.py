"""The task queue's health in the admin, for users with the `portal.view_task_queue`
permission: how many tasks wait, run and failed, how long the oldest one has waited, when
each periodic job (scheduled publishing, partner feeds) last ran, and the failed tasks,
each of which can be queued again."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import ScheduledJob

PERMISSION = "portal.view_task_queue"
FAILED_SHOWN = 20
JOB_LABELS = {
    "scheduled-publishing": gettext_lazy("Scheduled publishing"),
    "partner-feeds": gettext_lazy("Partner feeds"),
}


@dataclass
class PeriodicJob:
    name: str
    label: str
    last_queued: datetime | None
    last_finished: datetime | None


def periodic_jobs() -> list[PeriodicJob]:
    queued = dict(ScheduledJob.objects.values_list("name", "last_enqueued_at"))
    paths = {name: path for name, (path, _seconds) in settings.PERIODIC_TASKS.items()}
    finished = dict(
        DBTaskResult.objects.filter(
            task_path__in=paths.values(), status=TaskResultStatus.SUCCESSFUL
        )
        .values_list("task_path")
        .annotate(last=Max("finished_at"))
    )
    return [
        PeriodicJob(name, str(JOB_LABELS.get(name, name)), queued.get(name), finished.get(path))
        for name, path in paths.items()
    ]


def health() -> dict:
    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
    oldest = DBTaskResult.objects.ready().aggregate(at=Min("enqueued_at"))["at"]
    return {
        "queued": counts.get(TaskResultStatus.READY, 0),
        "running": counts.get(TaskResultStatus.RUNNING, 0),
        "failed": counts.get(TaskResultStatus.FAILED, 0),
        "oldest_wait": int((timezone.now() - oldest).total_seconds()) if oldest else None,
        "jobs": periodic_jobs(),
        "failed_tasks": DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by(
            "-finished_at"
        )[:FAILED_SHOWN],
    }


def _allowed(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def index(request):
    _allowed(request)
    context = {"page_title": _("Task queue"), "header_icon": "cogs", **health()}
    return TemplateResponse(request, "portal/admin/task_queue.html", context)


@require_POST
def retry(request, pk):
    _allowed(request)
    task = get_object_or_404(DBTaskResult, pk=pk, status=TaskResultStatus.FAILED)
    DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
    )
    messages.success(request, _("The task is queued again."))
    return redirect("task_queue")
