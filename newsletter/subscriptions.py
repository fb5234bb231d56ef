"""What a visitor or subscriber can do. Every function that answers an anonymous request
behaves the same from the outside whatever state the address is in."""

import logging
import secrets

from django.db import transaction
from django.utils import timezone

from . import abuse
from .models import CONSENT_WORDING_VERSION, ConsentRecord, Subscriber
from .tokens import ConfirmRequest, make_confirm_token, read_confirm_token

logger = logging.getLogger(__name__)
Status = Subscriber.Status
Action = ConsentRecord.Action


def request_subscription(*, email: str, name: str, language: str, source: str) -> None:
    """Create or refresh a pending subscription and send the confirmation mail in the
    background. `email` and `name` are already normalised by the form."""
    from .tasks import send_confirmation

    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"name": name, "language": language}
        )
        already_confirmed = subscriber.status == Status.CONFIRMED
        if not already_confirmed:
            subscriber.confirm_nonce = secrets.token_hex(16)
            subscriber.save(update_fields=["confirm_nonce"])
        ConsentRecord.objects.create(
            subscriber=subscriber,
            action=Action.REQUESTED,
            source=source,
            language=language,
            wording_version=CONSENT_WORDING_VERSION,
        )
    if not abuse.address_allowed(email):
        logger.info("newsletter: confirmation mail to subscriber %s rate-limited", subscriber.pk)
        return
    token = ""
    if not already_confirmed:
        token = make_confirm_token(
            ConfirmRequest(
                subscriber.pk,
                subscriber.confirm_nonce,
                name,
                language,
                source,
                CONSENT_WORDING_VERSION,
            )
        )
    send_confirmation.enqueue(subscriber.pk, token, language)


def pending_confirmation(token: str) -> ConfirmRequest | None:
    """The request a confirmation link stands for, if the link is still good (GET)."""
    data = read_confirm_token(token)
    if data is None:
        return None
    ok = Subscriber.objects.filter(
        pk=data.subscriber_id, confirm_nonce=data.nonce, confirm_nonce__gt=""
    ).exists()
    return data if ok else None


def confirm(token: str) -> Subscriber | None:
    """Confirm (POST only). The nonce is cleared, so the link cannot be used again."""
    data = read_confirm_token(token)
    if data is None:
        return None
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(pk=data.subscriber_id, confirm_nonce=data.nonce, confirm_nonce__gt="")
            .first()
        )
        if subscriber is None:
            return None
        subscriber.status = Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.name = data.name
        subscriber.language = data.language
        subscriber.confirm_nonce = ""
        subscriber.save()
        subscriber.record(Action.CONFIRMED, data.source, data.wording_version)
    return subscriber


def by_manage_key(key: str) -> Subscriber | None:
    return Subscriber.objects.filter(manage_key=key).first() if key else None


def unsubscribe(subscriber: Subscriber, source: str) -> None:
    with transaction.atomic():
        updated = (
            Subscriber.objects.filter(pk=subscriber.pk)
            .exclude(status=Status.UNSUBSCRIBED)
            .update(status=Status.UNSUBSCRIBED, unsubscribed_at=timezone.now(), confirm_nonce="")
        )
        if updated:
            subscriber.refresh_from_db()
            subscriber.record(Action.UNSUBSCRIBED, source)


def resubscribe(subscriber: Subscriber) -> None:
    """From the personal link in an email, which proves the mailbox is theirs."""
    with transaction.atomic():
        updated = Subscriber.objects.filter(pk=subscriber.pk, status=Status.UNSUBSCRIBED).update(
            status=Status.CONFIRMED, confirmed_at=timezone.now(), unsubscribed_at=None
        )
        if updated:
            subscriber.refresh_from_db()
            subscriber.record(Action.CONFIRMED, ConsentRecord.Source.EMAIL_LINK)


def change_language(subscriber: Subscriber, language: str) -> None:
    with transaction.atomic():
        if (
            Subscriber.objects.filter(pk=subscriber.pk)
            .exclude(language=language)
            .update(language=language)
        ):
            subscriber.refresh_from_db()
            subscriber.record(Action.LANGUAGE, ConsentRecord.Source.EMAIL_LINK)
