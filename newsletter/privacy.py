"""Right of access and right to erasure for one email address."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .addresses import normalise_email
from .models import Delivery, Subscriber


def find(email: str) -> Subscriber | None:
    try:
        email = normalise_email(email)
    except ValidationError:
        return None
    return Subscriber.objects.filter(email=email).first()


def export(subscriber: Subscriber) -> dict:
    """Everything held about the subscriber, as JSON-ready data."""
    return {
        "subscriber": {
            "email": subscriber.email,
            "name": subscriber.name,
            "language": subscriber.language,
            "status": subscriber.status,
            "created_at": subscriber.created_at.isoformat(),
            "confirmed_at": subscriber.confirmed_at and subscriber.confirmed_at.isoformat(),
            "unsubscribed_at": subscriber.unsubscribed_at
            and subscriber.unsubscribed_at.isoformat(),
        },
        "consent_records": [
            {
                "action": record.action,
                "source": record.source,
                "language": record.language,
                "wording_version": record.wording_version,
                "at": record.created_at.isoformat(),
            }
            for record in subscriber.consent_records.all()
        ],
        "deliveries": [
            {
                "issue": delivery.mailing.issue.title,
                "issue_number": delivery.mailing.issue.number,
                "language": delivery.mailing.language,
                "status": delivery.status,
                "sent_at": delivery.sent_at and delivery.sent_at.isoformat(),
                "error": delivery.last_error,
            }
            for delivery in subscriber.deliveries.select_related("mailing__issue").order_by("pk")
        ],
    }


def erase(subscriber: Subscriber) -> None:
    """Delete the subscriber and their consent records; their delivery rows stay only as
    anonymous counts (the error text may quote the address, so it goes too)."""
    with transaction.atomic():
        Delivery.objects.filter(subscriber=subscriber).update(subscriber=None, last_error="")
        subscriber.delete()
