"""Server-side scoring of assessments. The browser only ever sends which answers were
chosen; which questions belong to the test, which answers are right and the score are
decided here, and a submission that does not fit the test is refused whole."""

import random
from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

PRE_TEST = "pre"
POST_TEST = "post"
TESTS = (PRE_TEST, POST_TEST)
TEST_LABELS = {PRE_TEST: gettext_lazy("Pre-test"), POST_TEST: gettext_lazy("Post-test")}
FORM_SIGNING_SALT = "training.assessment"
TOKEN_MAX_AGE = 24 * 3600
FIELD_PREFIX = "q-"
ALLOWED_FIELDS = {"csrfmiddlewaretoken", "form_token"}


class SubmissionRejected(Exception):
    """The submission does not fit the test; nothing is saved."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Question:
    id: str
    text: str
    explanation: str
    choices: list[tuple[str, str]]
    correct: frozenset[str]
    multiple: bool

    @property
    def field_name(self):
        return f"{FIELD_PREFIX}{self.id}"


@dataclass
class QuestionResult:
    question: Question
    chosen: frozenset[str]

    @property
    def correct(self):
        return self.chosen == self.question.correct

    def choices(self):
        """(value, text, chosen, right) for each answer, for the explanation."""
        return [
            (value, text, value in self.chosen, value in self.question.correct)
            for value, text in self.question.choices
        ]


@dataclass
class Score:
    results: list[QuestionResult] = field(default_factory=list)
    pass_mark: int = 0

    @property
    def correct(self):
        return sum(1 for result in self.results if result.correct)

    @property
    def total(self):
        return len(self.results)

    @property
    def percent(self):
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def passed(self):
        return self.percent >= self.pass_mark


def questions_of(stream) -> list[Question]:
    questions = []
    for block in stream:
        value = block.value
        if block.block_type == "true_false":
            choices = [("0", _("True")), ("1", _("False"))]
            correct = frozenset({"0" if value["statement_is_true"] else "1"})
        else:
            choices = [(str(i), choice["text"]) for i, choice in enumerate(value["choices"])]
            correct = frozenset(
                str(i) for i, choice in enumerate(value["choices"]) if choice["correct"]
            )
        questions.append(
            Question(
                id=block.id,
                text=value["text"],
                explanation=value["explanation"],
                choices=choices,
                correct=correct,
                multiple=block.block.multiple,
            )
        )
    return questions


def presented(questions, shuffle, rng=None):
    """The questions in the order a visitor sees them (shuffled when the module asks for it;
    true/false answers keep their order)."""
    if not shuffle:
        return questions
    rng = rng or random.SystemRandom()
    shown = []
    for question in rng.sample(questions, len(questions)):
        choices = question.choices
        if len(choices) > 2 or question.multiple:
            choices = rng.sample(choices, len(choices))
        shown.append(Question(**{**question.__dict__, "choices": choices}))
    return shown


def form_token(module, kind, questions):
    return signing.dumps(
        {"m": str(module.translation_key), "k": kind, "q": sorted(q.id for q in questions)},
        salt=FORM_SIGNING_SALT,
        compress=True,
    )


def score_submission(module, kind, questions, data) -> Score:
    """Score `data` (a QueryDict) against `questions`; raise SubmissionRejected for any
    submission that is not a complete answer set for exactly this test."""
    try:
        token = signing.loads(
            data.get("form_token", ""), salt=FORM_SIGNING_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        raise SubmissionRejected(
            _("This form has expired or was changed. Please start the test again.")
        ) from None
    by_id = {q.id: q for q in questions}
    if token.get("m") != str(module.translation_key) or token.get("k") != kind:
        raise SubmissionRejected(_("These answers belong to a different test."))
    if sorted(by_id) != token.get("q"):
        raise SubmissionRejected(
            _("The questions of this test have changed since you opened it. Please start again.")
        )
    unexpected = [
        key
        for key in data
        if key not in ALLOWED_FIELDS
        and not (key.startswith(FIELD_PREFIX) and key[len(FIELD_PREFIX) :] in by_id)
    ]
    if unexpected:
        raise SubmissionRejected(
            _("The submission contains answers or values that are not part of this test.")
        )
    results, missing = [], 0
    for question in questions:
        chosen = frozenset(data.getlist(question.field_name))
        valid = {value for value, _text in question.choices}
        if not chosen:
            missing += 1
            continue
        if not chosen <= valid or (len(chosen) > 1 and not question.multiple):
            raise SubmissionRejected(
                _("The submission contains answers or values that are not part of this test.")
            )
        results.append(QuestionResult(question, chosen))
    if missing:
        raise SubmissionRejected(
            ngettext(
                "Please answer every question: %(count)s question has no answer yet.",
                "Please answer every question: %(count)s questions have no answer yet.",
                missing,
            )
            % {"count": missing}
        )
    return Score(results=results, pass_mark=module.pass_mark)
