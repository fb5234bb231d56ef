import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)
# Mail waits behind Wagtail's own tasks (priority 0: cache purges, search index updates):
# a burst of signups or a mailing must not keep a published page out of the cache.
MAIL_PRIORITY = -10


@task(priority=MAIL_PRIORITY)
def send_confirmation(subscriber_id: int, token: str, language: str, attempt: int = 1) -> bool:
    """A mail server that is down must not change what the visitor sees, nor leave a trace
    of the address in the task's error record: failures are logged by subscriber id. A
    failure that may pass (server down, 4xx) is retried later with the mailings' back-off,
    as a new deferred task, up to NEWSLETTER_MAX_ATTEMPTS; a 5xx refusal is final."""
    from .emails import confirmation_message
    from .models import Subscriber
    from .sending import classify

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not _link_still_current(subscriber, token):
        return False
    try:
        confirmation_message(subscriber, token, language).send()
    except (smtplib.SMTPException, OSError) as exc:
        retried = classify(exc) == "retry" and _retry_later(subscriber_id, token, language, attempt)
        logger.warning(
            "newsletter: confirmation mail to subscriber %s failed (attempt %s, %s): %r",
            subscriber_id,
            attempt,
            "will be retried" if retried else "given up",
            exc,
        )
        return False
    return True


def _link_still_current(subscriber, token: str) -> bool:
    """A retry must not send a link that a newer one replaced or that was already used."""
    from .tokens import read_confirm_token

    if not token:  # the "you are already subscribed" mail carries no link
        return True
    data = read_confirm_token(token)
    return data is not None and data.nonce == subscriber.confirm_nonce


def _retry_later(subscriber_id: int, token: str, language: str, attempt: int) -> bool:
    from .sending import backoff

    if (
        attempt >= settings.NEWSLETTER_MAX_ATTEMPTS
        or not send_confirmation.get_backend().supports_defer
    ):
        return False
    run_after = timezone.now() + timedelta(seconds=backoff(attempt))
    send_confirmation.using(run_after=run_after).enqueue(
        subscriber_id, token, language, attempt + 1
    )
    return True


@task(priority=MAIL_PRIORITY)
def send_mailing(mailing_id: int) -> dict:
    """One batch, then the task queues itself again (at once, or with `run_after` when a
    back-off ends): a mailing never sleeps in the worker, and the tasks queued meanwhile
    (cache purges, search updates: a higher priority) run between its batches."""
    from .sending import send_due

    outcome = send_due(mailing_id)
    if outcome.next_run is not None:
        if outcome.next_run <= timezone.now():
            send_mailing.enqueue(mailing_id)
        elif send_mailing.get_backend().supports_defer:
            send_mailing.using(run_after=outcome.next_run).enqueue(mailing_id)
    return outcome.as_dict()
