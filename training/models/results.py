"""What trainees do: assessment attempts (kept without names for the statistics),
lesson progress and certificates."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from ..scoring import TEST_LABELS, TESTS

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class AssessmentAttempt(models.Model):
    """One submitted test. `module_key` is the module's translation key, so attempts in
    both languages count together; the user link only serves the trainee's own progress."""

    module_key = models.UUIDField(db_index=True)
    module = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=4, choices=[(k, TEST_LABELS[k]) for k in TESTS])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_attempts",
    )
    correct = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    percent = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    language = models.CharField(max_length=8)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        permissions = [("view_statistics", "Can view anonymised training statistics")]
        indexes = [models.Index(fields=["module_key", "kind"])]

    @classmethod
    def record(cls, module, kind, score, user):
        attempt = cls.objects.create(
            module_key=module.translation_key,
            module=module,
            kind=kind,
            user=user if user.is_authenticated else None,
            correct=score.correct,
            total=score.total,
            percent=score.percent,
            passed=score.passed,
            language=module.locale.language_code,
        )
        AttemptAnswer.objects.bulk_create(
            AttemptAnswer(attempt=attempt, question_id=result.question.id, correct=result.correct)
            for result in score.results
        )
        return attempt


class AttemptAnswer(models.Model):
    """Whether one question of an attempt was answered correctly (for its difficulty)."""

    attempt = models.ForeignKey(AssessmentAttempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64, db_index=True)
    correct = models.BooleanField()


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    module_key = models.UUIDField(db_index=True)
    lesson_key = models.UUIDField()
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="unique_lesson_progress")
        ]


def new_certificate_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw):
    """Codes are printed in groups (ABCD-EFGH-JKLM); accept any case, spaces and dashes."""
    code = "".join(ch for ch in str(raw).upper() if ch.isalnum())
    return code if len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) else None


class Certificate(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_certificates"
    )
    module_key = models.UUIDField(db_index=True)
    module = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    holder_name = models.CharField(_("name on the certificate"), max_length=255)
    module_title = models.CharField(_("module"), max_length=255)
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True)
    percent = models.PositiveSmallIntegerField(_("score (%)"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)

    panels = [FieldPanel("revoked_at"), FieldPanel("revoked_reason")]

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.display_code} · {self.holder_name} · {self.module_title}"

    @property
    def display_code(self):
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @classmethod
    def issue(cls, user, module, percent):
        """The trainee's valid certificate for `module`, issued now if they have none."""
        existing = cls.objects.filter(
            user=user, module_key=module.translation_key, revoked_at__isnull=True
        ).first()
        if existing:
            return existing, False
        while True:
            code = new_certificate_code()
            if not cls.objects.filter(code=code).exists():
                break
        certificate = cls.objects.create(
            user=user,
            module_key=module.translation_key,
            module=module,
            holder_name=user.get_full_name() or user.email,
            module_title=module.title,
            code=code,
            percent=percent,
        )
        return certificate, True
