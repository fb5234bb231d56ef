"""A trainee's progress through modules, counted by translation key so that switching
language keeps it."""

from dataclasses import dataclass

from django.db.models import Max

from ..scoring import POST_TEST, PRE_TEST
from .results import AssessmentAttempt, Certificate, LessonProgress


@dataclass
class ModuleProgress:
    module: object
    lessons: list
    completed_keys: set
    best: dict
    certificate: object

    @property
    def completed_count(self):
        return sum(1 for lesson in self.lessons if lesson.translation_key in self.completed_keys)

    @property
    def percent(self):
        return round(100 * self.completed_count / len(self.lessons)) if self.lessons else 0

    @property
    def resume_lesson(self):
        """Where the trainee left off: the first lesson not yet completed."""
        return next(
            (
                lesson
                for lesson in self.lessons
                if lesson.translation_key not in self.completed_keys
            ),
            None,
        )

    @property
    def best_pre(self):
        return self.best.get(PRE_TEST)

    @property
    def best_post(self):
        return self.best.get(POST_TEST)


def module_progress(user, module, lessons=None):
    lessons = list(module.lessons()) if lessons is None else lessons
    completed = set(
        LessonProgress.objects.filter(user=user, module_key=module.translation_key).values_list(
            "lesson_key", flat=True
        )
    )
    best = dict(
        AssessmentAttempt.objects.filter(user=user, module_key=module.translation_key)
        .values_list("kind")
        .annotate(best=Max("percent"))
    )
    certificate = Certificate.objects.filter(
        user=user, module_key=module.translation_key, revoked_at__isnull=True
    ).first()
    return ModuleProgress(module, lessons, completed, best, certificate)


def lesson_completed(user, lesson):
    return LessonProgress.objects.filter(user=user, lesson_key=lesson.translation_key).exists()


def complete_lesson(user, lesson):
    module = lesson.get_parent()
    LessonProgress.objects.get_or_create(
        user=user,
        lesson_key=lesson.translation_key,
        defaults={"module_key": module.translation_key},
    )


def started_module_keys(user):
    keys = set(
        LessonProgress.objects.filter(user=user).values_list("module_key", flat=True).distinct()
    )
    keys |= set(
        AssessmentAttempt.objects.filter(user=user).values_list("module_key", flat=True).distinct()
    )
    return keys
