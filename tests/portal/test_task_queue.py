"""The task queue's health in the admin: for users with the permission only; a failed task
can be queued again from there (a POST with the CSRF token)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from .worker_tasks import broken, record_after

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def editor(name, *, may_see_queue, language="en"):
    user = get_user_model().objects.create_user(name, f"{name}@example.bg", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if may_see_queue:
        user.user_permissions.add(Permission.objects.get(codename="view_task_queue"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def failed_task():
    result = broken.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="FAILED", exception_class_path="builtins.ValueError"
    )
    return result.id


def test_an_editor_without_the_permission_is_refused(client, db_tasks):
    client.force_login(editor("ana", may_see_queue=False))
    assert client.get("/admin/task-queue/").status_code in (302, 403)
    pk = failed_task()
    assert client.post(f"/admin/task-queue/{pk}/retry/").status_code in (302, 403)
    assert DBTaskResult.objects.get(pk=pk).status == "FAILED"
    assert "/admin/task-queue/" not in client.get("/admin/").text


def test_the_queue_health_in_both_languages(client, db_tasks):
    record_after.enqueue(0, "waiting")
    failed_task()
    client.force_login(editor("boris", may_see_queue=True))
    page = client.get("/admin/task-queue/")
    assert page.status_code == 200
    assert page.context["queued"] == 1 and page.context["failed"] == 1
    assert page.context["oldest_wait"] is not None
    assert {job.name for job in page.context["jobs"]} >= {"scheduled-publishing", "partner-feeds"}
    assert "Scheduled publishing" in page.text and "Retry" in page.text
    assert "/admin/task-queue/" in client.get("/admin/").text  # in the Settings menu

    client.force_login(editor("vesela", may_see_queue=True, language="bg"))
    page = client.get("/admin/task-queue/")
    assert "Насрочено публикуване" in page.text and "Опашка със задачи" in page.text


def test_a_failed_task_is_queued_again_with_the_csrf_token(db_tasks):
    pk = failed_task()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor("galya", may_see_queue=True))
    assert browser.post(f"/admin/task-queue/{pk}/retry/").status_code == 403  # no token
    assert DBTaskResult.objects.get(pk=pk).status == "FAILED"

    page = browser.get("/admin/task-queue/")
    token = page.context["csrf_token"]
    answer = browser.post(f"/admin/task-queue/{pk}/retry/", {"csrfmiddlewaretoken": str(token)})
    assert answer.status_code == 302
    assert DBTaskResult.objects.get(pk=pk).status == "READY"
    assert browser.get("/admin/task-queue/").context["failed"] == 0
