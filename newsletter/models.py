import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bump when the consent wording next to the signup form changes; each consent record keeps
# the version the subscriber saw.
CONSENT_WORDING_VERSION = "2026-11-v1"


def new_manage_key():
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    # Stored normalised (see addresses.normalise_email), so uniqueness is case- and
    # Unicode-insensitive.
    email = models.CharField(_("email"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # Rotated whenever a confirmation link is sent or used: a link is good only once.
    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    # The secret in every personal unsubscribe/manage link.
    manage_key = models.CharField(
        max_length=64, unique=True, default=new_manage_key, editable=False
    )

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["language", "status"])]

    def __str__(self):
        return self.email

    def record(self, action, source, wording_version=CONSENT_WORDING_VERSION):
        return ConsentRecord.objects.create(
            subscriber=self,
            action=action,
            source=source,
            language=self.language,
            wording_version=wording_version,
        )


class ConsentRecord(models.Model):
    """What a subscriber agreed to, when and through which form. No IP address."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("asked to subscribe")
        CONFIRMED = "confirmed", _("confirmed the subscription")
        LANGUAGE = "language", _("changed language")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    class Source(models.TextChoices):
        FOOTER = "footer", _("footer form")
        PAGE = "page", _("newsletter page")
        API = "api", _("API")
        EMAIL_LINK = "email", _("link in an email")
        ONE_CLICK = "one-click", _("one-click unsubscribe")
        ADMIN = "admin", _("admin")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="consent_records"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    language = models.CharField(_("language"), max_length=8)
    wording_version = models.CharField(_("consent wording version"), max_length=32)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.subscriber_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class Mailing(models.Model):
    """One bulletin issue sent to the confirmed subscribers of its language."""

    class Status(models.TextChoices):
        SENDING = "sending", _("sending")
        WAITING = "waiting", _("waiting to retry")
        PAUSED = "paused", _("paused")
        DONE = "done", _("done")

    class Problem(models.TextChoices):
        """Why a mailing is paused until an editor resumes it."""

        LOGIN_REFUSED = "login_refused", _("login refused")
        SERVER_REFUSED = "server_refused", _("refused by the mail server")
        GAVE_UP = "gave_up", _("mail server unreachable")

    issue = models.ForeignKey(
        "bulletin.BulletinIssuePage",
        verbose_name=_("bulletin issue"),
        on_delete=models.PROTECT,
        related_name="mailings",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENDING
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    problem = models.CharField(_("problem"), max_length=16, choices=Problem.choices, blank=True)
    # Temporary failures in a row (server down, 4xx); a success starts the count again.
    failures = models.PositiveSmallIntegerField(_("failures in a row"), default=0)
    server_answer = models.CharField(_("mail server's last answer"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "language"], name="one_mailing_per_issue")
        ]

    def __str__(self):
        return f"{self.issue} ({self.language})"

    @property
    def problem_message(self) -> str:
        """What the editor reads in the admin, in the admin's language."""
        values = {"answer": self.server_answer, "count": self.failures}
        if self.problem == self.Problem.LOGIN_REFUSED:
            return (
                _(
                    "The mail server refused the login: check EMAIL_HOST_USER and "
                    "EMAIL_HOST_PASSWORD, then resume sending. (%(answer)s)"
                )
                % values
            )
        if self.problem == self.Problem.SERVER_REFUSED:
            return (
                _(
                    "The mail server refused the mailing: check the mail settings, then resume "
                    "sending. (%(answer)s)"
                )
                % values
            )
        if self.problem == self.Problem.GAVE_UP:
            return (
                _(
                    "The mail server failed %(count)s times in a row; sending stopped. Resume "
                    "it when the server works again. (%(answer)s)"
                )
                % values
            )
        return ""

    def counts(self) -> dict:
        """Deliveries per status, in one query."""
        totals = dict.fromkeys(Delivery.Status.values, 0)
        rows = self.deliveries.values_list("status").annotate(n=models.Count("pk"))
        totals.update(dict(rows))
        return totals


class Delivery(models.Model):
    """One subscriber's copy of one mailing. The unique (mailing, subscriber) pair and the
    conditional claim are what make sending exactly-once across retries and restarts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        BOUNCED = "bounced", _("bounced")
        SKIPPED = "skipped", _("skipped")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    # Null once the subscriber's data is erased; the row stays for the mailing's counts.
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="one_delivery_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["mailing", "status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.mailing_id}/{self.subscriber_id}: {self.status}"

    @property
    def message_id(self) -> str:
        return f"bulletin-{self.mailing_id}.{self.pk}"
