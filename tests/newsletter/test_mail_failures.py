"""A mailing never holds the task worker, whatever the mail server answers (real aiosmtpd
servers on 127.0.0.1, the real database queue and worker): a back-off is the task queued
again with `run_after`; a refused login pauses the mailing with a message for the editor;
temporary failures are counted per delivery and per mailing and given up at the limit."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.users.models import UserProfile

from newsletter.models import Delivery, Mailing
from newsletter.sending import start_mailing
from newsletter.tasks import send_mailing

from .factories import issue_with_articles, subscriber

pytestmark = pytest.mark.django_db

CLOSED_PORT = 9  # nothing listens there
MAILING_TASK = "newsletter.tasks.send_mailing"


@pytest.fixture
def issue(bg_home):
    return issue_with_articles(bg_home)


@pytest.fixture
def db_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 30
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    # The worker runs in the test's transaction: it must not close that connection.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker(*options):
    started = time.monotonic()
    options = options or ("--batch",)
    call_command("db_worker", *options, "--no-startup-delay", "--no-reload", verbosity=0)
    return time.monotonic() - started


def waiting_mailing_task():
    return DBTaskResult.objects.get(task_path=MAILING_TASK, status="READY")


def back_off_passes():
    """What the clock would do: the waiting task and its deliveries are due."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    Delivery.objects.filter(status="pending").update(next_attempt_at=timezone.now())


def test_a_server_that_is_down_never_holds_the_worker(issue, db_tasks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", CLOSED_PORT
    [subscriber(n) for n in range(3)]
    mailing = start_mailing(issue)
    send_mailing.enqueue(mailing.pk)
    purge = purge_urls_from_cache_task.enqueue(["http://127.0.0.1/bg/"])
    index = insert_or_update_object_task.enqueue("bulletin", "bulletinissuepage", issue.pk)

    assert run_worker() < 5  # no sleeping inside the mailing's task
    assert DBTaskResult.objects.get(pk=purge.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=index.id).status == "SUCCESSFUL"
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.WAITING and mailing.failures == 1
    assert "ConnectionRefusedError" in mailing.server_answer
    # The server was never reached: no subscriber's delivery counts an attempt.
    assert set(mailing.deliveries.values_list("attempts", flat=True)) == {0}
    waiting = waiting_mailing_task()
    assert (waiting.run_after - timezone.now()).total_seconds() > 25

    # Meanwhile, an editor publishes: the purge and the index update run at once.
    purge = purge_urls_from_cache_task.enqueue(["http://127.0.0.1/bg/bulletin/"])
    index = insert_or_update_object_task.enqueue("bulletin", "bulletinissuepage", issue.pk)
    assert run_worker() < 5
    assert DBTaskResult.objects.get(pk=purge.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=index.id).status == "SUCCESSFUL"
    assert waiting_mailing_task().pk == waiting.pk  # still waiting out its back-off

    for _ in range(2):  # the limit (3 failures in a row) is reached: the mailing gives up
        back_off_passes()
        run_worker()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PAUSED
    assert mailing.problem == Mailing.Problem.GAVE_UP and mailing.failures == 3
    assert not DBTaskResult.objects.filter(task_path=MAILING_TASK, status="READY").exists()
    assert mailing.counts()["pending"] == 3  # nothing is lost: resuming sends them


def test_a_refused_login_pauses_the_mailing_with_a_message_for_the_editor(
    issue, db_tasks, settings, smtp_server, client
):
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "portal", "wrong"
    smtp_server.password = "right"
    [subscriber(n) for n in range(2)]
    mailing = start_mailing(issue)
    send_mailing.enqueue(mailing.pk)
    assert run_worker() < 5

    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PAUSED
    assert mailing.problem == Mailing.Problem.LOGIN_REFUSED and "535" in mailing.server_answer
    assert not DBTaskResult.objects.filter(task_path=MAILING_TASK, status="READY").exists()
    assert smtp_server.messages == []

    editor = get_user_model().objects.create_superuser("editor", "editor@example.bg", "pw")
    client.force_login(editor)
    page = f"/admin/newsletter/send/{issue.pk}/"
    profile = UserProfile.get_for_user(editor)
    for language, words in [("en", "refused the login"), ("bg", "отказа влизането")]:
        profile.preferred_language = language
        profile.save()
        answer = client.get(page)
        assert words in answer.text and "EMAIL_HOST_USER" in answer.text

    # The editor fixes the password and resumes: everything is sent, once.
    settings.EMAIL_HOST_PASSWORD = "right"
    client.post(page, {"action": "send"})
    run_worker()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE and not mailing.problem
    assert len(smtp_server.messages) == 2


def test_a_4xx_for_every_message_counts_per_mailing_and_gives_up(issue, db_tasks, smtp_server):
    [subscriber(n) for n in range(3)]
    smtp_server.refuse_after, smtp_server.refusals = 0, 100
    mailing = start_mailing(issue)
    send_mailing.enqueue(mailing.pk)
    for _ in range(3):
        assert run_worker() < 5
        back_off_passes()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PAUSED and mailing.problem == "gave_up"
    assert "421" in mailing.server_answer
    # Each run tried the first message only; the rest of its batch was not charged.
    assert sorted(mailing.deliveries.values_list("attempts", flat=True)) == [0, 0, 3]


def test_a_4xx_for_one_recipient_retries_that_delivery_alone_up_to_the_limit(
    issue, db_tasks, smtp_server
):
    readers = [subscriber(n) for n in range(3)]
    smtp_server.busy = {readers[0].email}
    mailing = start_mailing(issue)
    send_mailing.enqueue(mailing.pk)
    run_worker()
    assert sorted(smtp_server.recipients) == sorted(r.email for r in readers[1:])
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.WAITING and mailing.failures == 0
    for _ in range(2):
        back_off_passes()
        run_worker()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE
    given_up = Delivery.objects.get(subscriber=readers[0])
    assert given_up.status == "failed" and given_up.attempts == 3
    assert "450" in given_up.last_error
    assert len(smtp_server.messages) == 2


def test_other_tasks_run_between_the_batches_of_a_long_mailing(
    issue, db_tasks, settings, smtp_server
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    [subscriber(n) for n in range(6)]
    mailing = start_mailing(issue)
    run_worker()  # what saving the mailing queued (a reference index update)
    send_mailing.enqueue(mailing.pk)
    run_worker("--max-tasks", "1")
    assert len(smtp_server.messages) == 2  # one batch, and the task is queued again
    purge = purge_urls_from_cache_task.enqueue(["http://127.0.0.1/bg/"])
    run_worker("--max-tasks", "1")
    assert DBTaskResult.objects.get(pk=purge.id).status == "SUCCESSFUL"
    assert len(smtp_server.messages) == 2
    run_worker()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE and len(smtp_server.messages) == 6
