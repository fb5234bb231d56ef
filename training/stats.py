"""Anonymised results of a module for trainers: no names, only counts and averages over
every attempt in every language."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from .models import AssessmentAttempt, AttemptAnswer
from .scoring import POST_TEST, PRE_TEST, TEST_LABELS, questions_of


@dataclass
class QuestionStats:
    kind: str
    number: int
    question_id: str
    text: str
    answered: int
    correct: int

    @property
    def percent_correct(self):
        return round(100 * self.correct / self.answered) if self.answered else None

    @property
    def difficulty(self):
        percent = self.percent_correct
        if percent is None:
            return ""
        if percent >= 80:
            return _("easy")
        return _("moderate") if percent >= 50 else _("hard")

    @property
    def test_label(self):
        return TEST_LABELS[self.kind]


@dataclass
class ModuleStats:
    module: object
    attempts: dict = field(default_factory=dict)
    averages: dict = field(default_factory=dict)
    passed: int = 0
    questions: list = field(default_factory=list)

    @property
    def pre_attempts(self):
        return self.attempts.get(PRE_TEST, 0)

    @property
    def post_attempts(self):
        return self.attempts.get(POST_TEST, 0)

    @property
    def average_pre(self):
        return self.averages.get(PRE_TEST)

    @property
    def average_post(self):
        return self.averages.get(POST_TEST)

    @property
    def pass_rate(self):
        return round(100 * self.passed / self.post_attempts) if self.post_attempts else None

    @property
    def knowledge_gain(self):
        if self.average_pre is None or self.average_post is None:
            return None
        return round(self.average_post - self.average_pre, 1)


def module_stats(module, with_questions=True):
    key = module.translation_key
    stats = ModuleStats(module=module)
    for row in (
        AssessmentAttempt.objects.filter(module_key=key)
        .values("kind")
        .annotate(n=Count("id"), avg=Avg("percent"), passed=Count("id", filter=Q(passed=True)))
    ):
        stats.attempts[row["kind"]] = row["n"]
        stats.averages[row["kind"]] = round(row["avg"], 1)
        if row["kind"] == POST_TEST:
            stats.passed = row["passed"]
    if with_questions:
        counts = {
            (row["attempt__kind"], row["question_id"]): row
            for row in AttemptAnswer.objects.filter(attempt__module_key=key)
            .values("attempt__kind", "question_id")
            .annotate(n=Count("id"), right=Count("id", filter=Q(correct=True)))
        }
        for kind in (PRE_TEST, POST_TEST):
            for number, question in enumerate(questions_of(module.test_for(kind)), start=1):
                row = counts.get((kind, question.id), {})
                stats.questions.append(
                    QuestionStats(
                        kind=kind,
                        number=number,
                        question_id=question.id,
                        text=question.text,
                        answered=row.get("n", 0),
                        correct=row.get("right", 0),
                    )
                )
    return stats
