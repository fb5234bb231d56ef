"""A confirmation mail that cannot be sent because the mail server is down is sent later by
the task worker (django-tasks' database backend, as in production), not lost."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

CLOSED_PORT = 9  # nothing listens there


@pytest.fixture
def db_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker runs in the test's transaction: it must not close that connection (it
    # would, seeing autocommit off) as it does its own between tasks.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def queued():
    return DBTaskResult.objects.filter(status="READY")


def sign_up(email):
    data = {"email": email, "name": "Анна", "language": "bg", "source": "page"}
    return Client().post("/bg/newsletter/", data)


def test_confirmation_is_retried_after_the_mail_server_comes_back(
    bg_home, db_tasks, smtp_server, settings
):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = CLOSED_PORT
    response = sign_up("anna@example.bg")
    assert response.status_code == 303
    run_worker()  # the first attempt fails and is put back for later
    assert smtp_server.messages == []
    retry = queued().get()
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["args"][-1] == 2  # the second attempt

    settings.EMAIL_PORT = port
    queued().update(run_after=timezone.now())  # the back-off has passed
    run_worker()
    assert not queued().exists()
    [message] = smtp_server.to("anna@example.bg")
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/]+(/bg/newsletter/confirm/[^/\s]+/)", text)[1]
    assert Client().post(link).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_a_refused_recipient_is_not_retried(bg_home, db_tasks, smtp_server):
    smtp_server.reject = {"nobody@example.bg"}
    sign_up("nobody@example.bg")
    run_worker()
    assert smtp_server.messages == []
    assert not queued().exists()


def test_retries_stop_after_the_last_attempt(bg_home, db_tasks, smtp_server, settings):
    settings.EMAIL_PORT = CLOSED_PORT
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    sign_up("anna@example.bg")
    for _attempt in range(3):
        queued().update(run_after=timezone.now())
        run_worker()
    assert not queued().exists()
    assert DBTaskResult.objects.count() == 3


def test_a_retry_does_not_send_a_link_that_a_newer_one_replaced(
    bg_home, db_tasks, smtp_server, settings
):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = CLOSED_PORT
    sign_up("anna@example.bg")
    run_worker()
    settings.EMAIL_PORT = port
    sign_up("anna@example.bg")  # a new link: the one waiting for its retry is dead
    queued().update(run_after=timezone.now())
    run_worker()
    assert len(smtp_server.to("anna@example.bg")) == 1


def test_cache_purges_run_before_waiting_mail(bg_home, db_tasks, smtp_server):
    """A burst of signups must not keep a published page out of the frontend cache."""
    for number in range(3):
        sign_up(f"reader{number}@example.bg")
    purge = purge_urls_from_cache_task.enqueue(["http://127.0.0.1/bg/"])
    call_command("db_worker", "--max-tasks", "1", "--no-startup-delay", "--no-reload", verbosity=0)
    assert DBTaskResult.objects.get(pk=purge.id).status == "SUCCESSFUL"
    assert smtp_server.messages == []
    run_worker()
    assert len(smtp_server.messages) == 3
