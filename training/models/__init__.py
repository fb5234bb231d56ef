from .pages import LessonPage, TrainingIndexPage, TrainingModulePage
from .polls import Poll, PollVote, PollVoteGuard
from .results import AssessmentAttempt, AttemptAnswer, Certificate, LessonProgress

__all__ = [
    "AssessmentAttempt",
    "AttemptAnswer",
    "Certificate",
    "LessonPage",
    "LessonProgress",
    "Poll",
    "PollVote",
    "PollVoteGuard",
    "TrainingIndexPage",
    "TrainingModulePage",
]
