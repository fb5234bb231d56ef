"""Email verification of new trainee accounts.

An account is created inactive and a link is mailed to its address; following the link
activates the account and signs the trainee in. The link carries Django's password-reset
token with its own salt and the account's active state in the hash, so it works once, stops
working when the password changes, and expires after PASSWORD_RESET_TIMEOUT (three days).
Links point at PUBLIC_BASE_URL, never at the request's host."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django_tasks import task

from portal.public_urls import absolute_url

logger = logging.getLogger(__name__)


class VerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "training.verification.VerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


tokens = VerificationTokenGenerator()


def awaiting_verification(user) -> bool:
    """Registered but never confirmed: inactive and never signed in (an account an
    administrator deactivated has signed in before)."""
    return not user.is_active and user.last_login is None


def verification_url(user, language: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    with translation.override(language):
        return absolute_url(reverse("training:confirm_email", args=[uid, tokens.make_token(user)]))


def user_from_link(uidb64: str, token: str):
    """The account a valid link confirms, or None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None or not awaiting_verification(user) or not tokens.check_token(user, token):
        return None
    return user


def pending_account(email: str):
    """The account registered with `email` that still waits for confirmation, or None."""
    user = get_user_model().objects.filter(username__iexact=(email or "").strip()).first()
    return user if user is not None and awaiting_verification(user) else None


@task(priority=-10)
def send_verification_email(user_id: int, language: str) -> bool:
    """A mail server that is down does not undo the registration: the trainee can ask for
    the link again from the page that says it was sent, or from the sign-in page."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not awaiting_verification(user):
        return False
    with translation.override(language):
        context = {"user": user, "url": verification_url(user, language)}
        message = EmailMessage(
            subject=render_to_string("training/email/confirm_subject.txt", context).strip(),
            body=render_to_string("training/email/confirm.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("training: verification mail to user %s failed: %r", user_id, exc)
        return False
    return True
