import logging
import smtplib

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_confirmation(subscriber_id: int, token: str, language: str) -> bool:
    """A mail server that is down must not change what the visitor sees, nor leave a trace
    of the address in the task's error record: failures are logged by subscriber id."""
    from .emails import confirmation_message
    from .models import Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    try:
        confirmation_message(subscriber, token, language).send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning(
            "newsletter: confirmation mail to subscriber %s failed: %r", subscriber_id, exc
        )
        return False
    return True


@task()
def send_mailing(mailing_id: int) -> dict:
    from .sending import deliver

    return deliver(mailing_id).as_dict()
