from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from ..models import AssessmentAttempt, Certificate
from ..scoring import (
    POST_TEST,
    TEST_LABELS,
    SubmissionRejected,
    form_token,
    presented,
    questions_of,
    score_submission,
)


def assessment(request, module, kind):
    """The pre- or post-test of a module: the form on GET, the scored result on POST."""
    questions = questions_of(module.test_for(kind))
    if not questions:
        raise Http404
    context = {
        "page": module,
        "module": module,
        "kind": kind,
        "test_label": TEST_LABELS[kind],
        "form_token": form_token(module, kind, questions),
    }
    if request.method == "POST":
        return _submit(request, module, kind, questions, context)
    context["questions"] = presented(questions, module.shuffle_questions)
    return TemplateResponse(request, "training/assessment.html", context)


@never_cache
def _submit(request, module, kind, questions, context):
    try:
        score = score_submission(module, kind, questions, request.POST)
    except SubmissionRejected as rejected:
        context.update(
            questions=questions,
            error=rejected.message,
            chosen={q.id: request.POST.getlist(q.field_name) for q in questions},
        )
        return TemplateResponse(request, "training/assessment.html", context, status=400)
    certificate = None
    with transaction.atomic():
        AssessmentAttempt.record(module, kind, score, request.user)
        if kind == POST_TEST and score.passed and request.user.is_authenticated:
            certificate, _created = Certificate.issue(request.user, module, score.percent)
    context.update(score=score, certificate=certificate)
    return TemplateResponse(request, "training/assessment_result.html", context)
