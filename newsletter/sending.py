"""Sending a mailing, exactly once per subscriber, without holding the task worker.

Each subscriber has one Delivery row per mailing (a unique constraint). A worker claims a
batch of due rows with a conditional UPDATE (`pending` -> `sending`, stamped with its id;
on PostgreSQL the candidates are picked with SELECT ... FOR UPDATE SKIP LOCKED so parallel
workers do not even contend), sends them over one SMTP connection and marks each row `sent`
the moment the server has accepted it. Rows left `sending` by a worker that died are
released after a lease (`--resume` can release them at once), so a restart sends exactly
what was not yet accepted.

The task sends one batch per run and queues itself again (at once, or when a back-off ends,
with `run_after`): it never sleeps, so cache purges and search updates run in between.
What the server answers decides what happens next:
- a refused login, or a 5xx refusal of the sender or the message: the mailing pauses with a
  message for the editor, who resumes it after fixing the settings;
- a server that is down, a dropped connection, a 4xx: the batch waits out a back-off;
  failures count per delivery (one that keeps failing is given up) and per mailing (after
  NEWSLETTER_MAX_ATTEMPTS failures in a row the mailing pauses);
- a 5xx refusal of one recipient: that delivery bounces, the rest continue.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone

from .emails import IssueMail
from .models import Delivery, Mailing, Subscriber

logger = logging.getLogger(__name__)
Status = Delivery.Status


@dataclass
class Outcome:
    mailing_id: int
    status: str
    counts: dict
    # When to send again: now if more deliveries are due, the end of a back-off, or None
    # (done, paused, or the rest is being sent by another worker).
    next_run: datetime | None = None

    def as_dict(self):
        return {"mailing_id": self.mailing_id, "status": self.status, "counts": self.counts}


def start_mailing(issue, user=None) -> Mailing:
    """The mailing for this issue in its language, with one pending delivery per confirmed
    subscriber, created in one transaction (an interrupted start leaves nothing behind)."""
    language = issue.locale.language_code
    with transaction.atomic():
        mailing, created = Mailing.objects.get_or_create(
            issue=issue, language=language, defaults={"created_by": user}
        )
        if created:
            subscribers = (
                Subscriber.objects.filter(language=language, status=Subscriber.Status.CONFIRMED)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            chunk = []
            for pk in subscribers.iterator(chunk_size=2000):
                chunk.append(Delivery(mailing=mailing, subscriber_id=pk))
                if len(chunk) == 1000:
                    Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
                    chunk = []
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
    return mailing


def release_stale(mailing: Mailing, stale_after: float) -> int:
    cutoff = timezone.now() - timedelta(seconds=stale_after)
    return Delivery.objects.filter(
        mailing=mailing, status=Status.SENDING, claimed_at__lte=cutoff
    ).update(status=Status.PENDING, claimed_by="")


def claim(mailing: Mailing, worker: str, size: int) -> list[Delivery]:
    now = timezone.now()
    with transaction.atomic():
        due = Delivery.objects.filter(
            mailing=mailing, status=Status.PENDING, next_attempt_at__lte=now
        ).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:size])
        Delivery.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, claimed_by=worker, claimed_at=now
        )
    return list(
        Delivery.objects.filter(pk__in=ids, claimed_by=worker, status=Status.SENDING)
        .select_related("subscriber")
        .order_by("pk")
    )


def backoff(attempts: int) -> float:
    base = settings.NEWSLETTER_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.NEWSLETTER_RETRY_MAX_SECONDS)


def classify(exc: Exception) -> str:
    """`retry` for what may succeed later; a Mailing.Problem for an answer that stops the
    whole mailing; else the permanent status of this one delivery."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = min(code for code, _ in exc.recipients.values())
        return Status.BOUNCED if code >= 500 else "retry"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Mailing.Problem.LOGIN_REFUSED
    if isinstance(exc, smtplib.SMTPNotSupportedError):  # e.g. no AUTH offered
        return Mailing.Problem.SERVER_REFUSED
    if isinstance(exc, smtplib.SMTPResponseException):
        return Mailing.Problem.SERVER_REFUSED if exc.smtp_code >= 500 else "retry"
    if isinstance(exc, ValueError):  # an address or header that cannot be sent
        return Status.FAILED
    return "retry"  # a server that is down, dropped connections, timeouts


def describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:255]


def finish_row(delivery: Delivery, worker: str, status: str, error: str = "") -> None:
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker, status=Status.SENDING).update(
        status=status,
        attempts=F("attempts") + int(status != Status.SKIPPED),
        sent_at=now if status == Status.SENT else None,
        claimed_by="",
        last_error=error[:255],
    )


def release(rows: list[Delivery], worker: str, at: datetime) -> None:
    Delivery.objects.filter(
        pk__in=[row.pk for row in rows], claimed_by=worker, status=Status.SENDING
    ).update(status=Status.PENDING, claimed_by="", next_attempt_at=at)


def stop_batch(mailing: Mailing, rows: list[Delivery], worker: str, exc, tried=None) -> None:
    """The server stopped the batch: `rows` were not sent (`tried`, the first of them, was
    the message it answered, if any). They go back to the queue, now if the mailing pauses,
    else after a back-off that grows with the mailing's failures in a row."""
    outcome, answer = classify(exc), describe(exc)
    mailings = Mailing.objects.filter(pk=mailing.pk)
    if outcome in Mailing.Problem.values:
        release(rows, worker, timezone.now())
        mailings.update(status=Mailing.Status.PAUSED, problem=outcome, server_answer=answer)
        logger.error("newsletter: mailing %s paused: %s", mailing.pk, answer)
        return
    mailings.update(failures=F("failures") + 1, server_answer=answer)
    failures = mailings.values_list("failures", flat=True).get()
    if tried is not None:
        rows = rows[1:] if charge(tried, worker, answer) else rows
    if failures >= settings.NEWSLETTER_MAX_ATTEMPTS:
        release(rows, worker, timezone.now())
        mailings.update(status=Mailing.Status.PAUSED, problem=Mailing.Problem.GAVE_UP)
        logger.error("newsletter: mailing %s paused after %s failures", mailing.pk, failures)
        return
    release(rows, worker, timezone.now() + timedelta(seconds=backoff(failures)))
    logger.warning("newsletter: mailing %s will be retried: %s", mailing.pk, answer)


def charge(delivery: Delivery, worker: str, error: str) -> bool:
    """Counts a temporary failure against one delivery; True when it is given up."""
    attempts = delivery.attempts + 1
    if attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        finish_row(delivery, worker, Status.FAILED, error)
        return True
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        attempts=attempts, last_error=error
    )
    return False


def retry_one(delivery: Delivery, worker: str, error: str) -> None:
    """A temporary refusal of one recipient: that delivery alone waits."""
    if not charge(delivery, worker, error):
        later = timezone.now() + timedelta(seconds=backoff(delivery.attempts + 1))
        release([delivery], worker, later)


def send_batch(mail: IssueMail, mailing: Mailing, batch: list[Delivery], worker: str) -> None:
    """One SMTP connection for the whole batch."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:
        stop_batch(mailing, batch, worker, exc)
        return
    accepted = False
    try:
        for position, delivery in enumerate(batch):
            subscriber = delivery.subscriber
            if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
                finish_row(delivery, worker, Status.SKIPPED)
                continue
            try:
                message = mail.message(
                    name=subscriber.name,
                    email=subscriber.email,
                    key=subscriber.manage_key,
                    message_id=delivery.message_id,
                    connection=connection,
                )
                connection.send_messages([message])
            except Exception as exc:
                outcome = classify(exc)
                if outcome == "retry" and isinstance(exc, smtplib.SMTPRecipientsRefused):
                    retry_one(delivery, worker, describe(exc))  # e.g. a full mailbox
                    continue
                if outcome == "retry" or outcome in Mailing.Problem.values:
                    stop_batch(mailing, batch[position:], worker, exc, tried=delivery)
                    return
                finish_row(delivery, worker, outcome, describe(exc))
            else:
                finish_row(delivery, worker, Status.SENT)
                if not accepted:  # the server works again: failures in a row start over
                    Mailing.objects.filter(pk=mailing.pk, failures__gt=0).update(failures=0)
                    accepted = True
    finally:
        try:
            connection.close()
        except Exception:  # the server already went away
            logger.debug("newsletter: closing a broken SMTP connection", exc_info=True)


def send_due(mailing_id: int, *, worker: str = "", stale_after=None) -> Outcome:
    """Sends one batch of the deliveries that are due (none if the mailing is paused) and
    says when to come back."""
    mailing = Mailing.objects.select_related("issue", "issue__locale").get(pk=mailing_id)
    if mailing.status in (Mailing.Status.SENDING, Mailing.Status.WAITING):
        worker = worker or uuid.uuid4().hex
        lease = settings.NEWSLETTER_LEASE_SECONDS if stale_after is None else stale_after
        release_stale(mailing, lease)
        batch = claim(mailing, worker, settings.NEWSLETTER_BATCH_SIZE)
        if batch:
            Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
            send_batch(IssueMail(mailing.issue, mailing.language), mailing, batch, worker)
    return settle(mailing)


def settle(mailing: Mailing) -> Outcome:
    """The mailing's status after a batch, and when to send again."""
    mailing.refresh_from_db(fields=["status"])
    next_run = None
    if mailing.status != Mailing.Status.PAUSED:
        pending = mailing.deliveries.filter(status=Status.PENDING)
        next_run = pending.aggregate(at=Min("next_attempt_at"))["at"]
        if next_run is None and not mailing.deliveries.filter(status=Status.SENDING).exists():
            mailing.status = Mailing.Status.DONE
            Mailing.objects.filter(pk=mailing.pk).update(
                status=mailing.status, finished_at=timezone.now()
            )
        elif next_run is not None and next_run > timezone.now():
            mailing.status = Mailing.Status.WAITING
            Mailing.objects.filter(pk=mailing.pk).update(status=mailing.status)
    return Outcome(mailing.pk, mailing.status, mailing.counts(), next_run)


def resume(mailing: Mailing) -> None:
    """After the editor fixed what paused the mailing: everything pending is due now."""
    Mailing.objects.filter(pk=mailing.pk).exclude(status=Mailing.Status.DONE).update(
        status=Mailing.Status.SENDING, problem="", failures=0
    )
    mailing.deliveries.filter(status=Status.PENDING).update(next_attempt_at=timezone.now())


def deliver(mailing_id: int, *, stale_after=None, progress=None) -> Outcome:
    """Sends the whole mailing from the command line (`send_bulletin`), waiting out the
    back-offs in this process; the task worker uses `send_due` instead, which never waits."""
    worker = uuid.uuid4().hex
    while True:
        outcome = send_due(mailing_id, worker=worker, stale_after=stale_after)
        if progress:
            progress(outcome.counts)
        if outcome.next_run is None:
            return outcome
        time.sleep(max(0.0, (outcome.next_run - timezone.now()).total_seconds()))


def send_test(issue, email: str, name: str = "") -> None:
    """One copy of the issue to one address, e.g. the editor's, before the real mailing."""
    mail = IssueMail(issue, issue.locale.language_code)
    subscriber = Subscriber.objects.filter(email=email).first()
    key = subscriber.manage_key if subscriber else "test"
    mail.message(
        name=name, email=email, key=key, message_id=f"bulletin-test.{uuid.uuid4().hex}"
    ).send()
