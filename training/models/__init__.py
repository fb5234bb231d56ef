from .pages import LessonPage, TrainingIndexPage, TrainingModulePage
from .results import AssessmentAttempt, AttemptAnswer, Certificate, LessonProgress

__all__ = [
    "AssessmentAttempt",
    "AttemptAnswer",
    "Certificate",
    "LessonPage",
    "LessonProgress",
    "TrainingIndexPage",
    "TrainingModulePage",
]
