"""The trainers' view in the admin: anonymised results per module, and CSV exports."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Locale

from portal.csv_export import csv_response

from ..models import TrainingModulePage
from ..stats import module_stats

can_view = permission_required("training.view_statistics", raise_exception=True)


def _modules():
    return TrainingModulePage.objects.filter(locale=Locale.get_default()).order_by("path")


def _blank(value):
    return "" if value is None else value


@can_view
def index(request):
    return TemplateResponse(
        request,
        "training/admin/statistics_index.html",
        {"stats": [module_stats(m, with_questions=False) for m in _modules()]},
    )


@can_view
def index_csv(request):
    rows = [
        [
            s.module.pk,
            s.module.title,
            s.pre_attempts,
            s.post_attempts,
            _blank(s.pass_rate),
            _blank(s.average_pre),
            _blank(s.average_post),
            _blank(s.knowledge_gain),
        ]
        for s in (module_stats(m, with_questions=False) for m in _modules())
    ]
    header = [
        "module_id",
        "module",
        "pre_test_attempts",
        "post_test_attempts",
        "post_test_pass_rate_percent",
        "average_pre_test_percent",
        "average_post_test_percent",
        "knowledge_gain_points",
    ]
    return csv_response("training-modules.csv", header, rows, no_store=True)


@can_view
def module(request, page_id):
    page = get_object_or_404(TrainingModulePage, pk=page_id)
    return TemplateResponse(
        request, "training/admin/statistics_module.html", {"stats": module_stats(page)}
    )


@can_view
def module_csv(request, page_id):
    page = get_object_or_404(TrainingModulePage, pk=page_id)
    rows = [
        [q.kind, q.number, q.text, q.answered, q.correct, _blank(q.percent_correct)]
        for q in module_stats(page).questions
    ]
    header = ["test", "number", "question", "answered", "correct", "percent_correct"]
    return csv_response(f"training-module-{page.pk}-questions.csv", header, rows, no_store=True)
