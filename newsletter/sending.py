"""Sending a mailing, exactly once per subscriber.

Each subscriber has one Delivery row per mailing (a unique constraint). A worker claims a
batch of due rows with a conditional UPDATE (`pending` -> `sending`, stamped with its id;
on PostgreSQL the candidates are picked with SELECT ... FOR UPDATE SKIP LOCKED so parallel
workers do not even contend), sends them over one SMTP connection and marks each row `sent`
the moment the server has accepted it. A 4xx reply or a dropped connection puts the row and
the rest of the batch back to `pending` with a back-off; a 5xx is recorded per subscriber.
Rows left `sending` by a worker that died are released after a lease (`--resume` can
release them at once), so a restart sends exactly what was not yet accepted.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta

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
    counts: dict

    def as_dict(self):
        return asdict(self)


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
    """`retry` for what may succeed later, else the permanent status to record."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = min(code for code, _ in exc.recipients.values())
        return Status.BOUNCED if code >= 500 else "retry"
    if isinstance(exc, smtplib.SMTPResponseException):
        return Status.FAILED if exc.smtp_code >= 500 else "retry"
    if isinstance(exc, ValueError):  # an address or header that cannot be sent
        return Status.FAILED
    return "retry"  # dropped connections, timeouts, provider hiccups


def finish_row(delivery: Delivery, worker: str, status: str, error: str = "") -> None:
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker, status=Status.SENDING).update(
        status=status,
        attempts=F("attempts") + int(status != Status.SKIPPED),
        sent_at=now if status == Status.SENT else None,
        claimed_by="",
        last_error=error[:255],
    )


def retry_later(rows: list[Delivery], worker: str, exc: Exception) -> None:
    """The first row had the error; it and the rest of the batch wait out the back-off."""
    first = rows[0]
    attempts = first.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:255]
    if attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        finish_row(first, worker, Status.FAILED, error)
        rows = rows[1:]
    else:
        Delivery.objects.filter(pk=first.pk, claimed_by=worker).update(
            attempts=attempts, last_error=error
        )
    Delivery.objects.filter(
        pk__in=[row.pk for row in rows], claimed_by=worker, status=Status.SENDING
    ).update(
        status=Status.PENDING,
        claimed_by="",
        next_attempt_at=timezone.now() + timedelta(seconds=backoff(attempts)),
    )
    logger.warning("newsletter: delivery %s will be retried: %s", first.pk, error)


def send_batch(mail: IssueMail, batch: list[Delivery], worker: str) -> None:
    """One SMTP connection for the whole batch."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:
        retry_later(batch, worker, exc)
        return
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
                if outcome == "retry":
                    retry_later(batch[position:], worker, exc)
                    return
                finish_row(delivery, worker, outcome, f"{type(exc).__name__}: {exc}")
            else:
                finish_row(delivery, worker, Status.SENT)
    finally:
        try:
            connection.close()
        except Exception:  # the server already went away
            logger.debug("newsletter: closing a broken SMTP connection", exc_info=True)


def deliver(mailing_id: int, *, worker: str = "", stale_after=None, progress=None) -> Outcome:
    """Send every pending delivery of the mailing; returns when none is left. Waits out
    back-offs (the mailing shows as paused meanwhile)."""
    mailing = Mailing.objects.select_related("issue", "issue__locale").get(pk=mailing_id)
    worker = worker or uuid.uuid4().hex
    lease = settings.NEWSLETTER_LEASE_SECONDS if stale_after is None else stale_after
    release_stale(mailing, lease)
    mail = IssueMail(mailing.issue, mailing.language)
    size = settings.NEWSLETTER_BATCH_SIZE
    while True:
        batch = claim(mailing, worker, size)
        if batch:
            Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
            send_batch(mail, batch, worker)
            if progress:
                progress(mailing.counts())
            continue
        next_due = mailing.deliveries.filter(status=Status.PENDING).aggregate(
            at=Min("next_attempt_at")
        )["at"]
        if next_due is None:
            break
        Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.PAUSED)
        time.sleep(max(0.01, min((next_due - timezone.now()).total_seconds(), 60)))
    if not mailing.deliveries.filter(status__in=[Status.PENDING, Status.SENDING]).exists():
        Mailing.objects.filter(pk=mailing.pk).update(
            status=Mailing.Status.DONE, finished_at=timezone.now()
        )
    return Outcome(mailing.pk, mailing.counts())


def send_test(issue, email: str, name: str = "") -> None:
    """One copy of the issue to one address, e.g. the editor's, before the real mailing."""
    mail = IssueMail(issue, issue.locale.language_code)
    subscriber = Subscriber.objects.filter(email=email).first()
    key = subscriber.manage_key if subscriber else "test"
    mail.message(
        name=name, email=email, key=key, message_id=f"bulletin-test.{uuid.uuid4().hex}"
    ).send()
