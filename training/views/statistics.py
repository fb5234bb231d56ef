"""The trainers' reports in the admin: anonymised results per module and per question, on
Wagtail's ReportView (listing, CSV and XLSX export). Export headings are machine-readable
column names, so that analyses keep working whatever the admin's language."""

import codecs
import itertools

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from ..models import TrainingModulePage
from ..stats import module_stats

can_view = method_decorator(
    permission_required("training.view_statistics", raise_exception=True), name="dispatch"
)


class SpreadsheetCSVMixin:
    """CSV that spreadsheet programs open as UTF-8: a byte-order mark and a declared charset
    (without them Excel reads Cyrillic as Windows-1252)."""

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        response.streaming_content = itertools.chain([codecs.BOM_UTF8], response.streaming_content)
        return response


class PercentColumn(Column):
    """A percentage, or a dash where there is nothing to count yet."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return "–" if value is None else f"{value}%"


@can_view
class ModuleResultsReportView(SpreadsheetCSVMixin, ReportView):
    page_title = _("Training results")
    header_icon = "table"
    index_url_name = "training_statistics"
    index_results_url_name = "training_statistics_results"
    columns = [
        TitleColumn(
            "title",
            label=_("Module"),
            accessor="module.title",
            get_url=lambda stats: reverse("training_statistics_module", args=[stats.module.pk]),
        ),
        Column("pre_attempts", label=_("Pre-test attempts")),
        Column("post_attempts", label=_("Post-test attempts")),
        PercentColumn("pass_rate", label=_("Pass rate")),
        PercentColumn("average_pre", label=_("Average pre-test")),
        PercentColumn("average_post", label=_("Average post-test")),
        Column("knowledge_gain", label=_("Knowledge gain")),
    ]
    list_export = [
        "module.pk",
        "module.title",
        "pre_attempts",
        "post_attempts",
        "pass_rate",
        "average_pre",
        "average_post",
        "knowledge_gain",
    ]
    export_headings = {
        "module.pk": "module_id",
        "module.title": "module",
        "pre_attempts": "pre_test_attempts",
        "post_attempts": "post_test_attempts",
        "pass_rate": "post_test_pass_rate_percent",
        "average_pre": "average_pre_test_percent",
        "average_post": "average_post_test_percent",
        "knowledge_gain": "knowledge_gain_points",
    }

    def get_filename(self):
        return "training-modules"

    def get_queryset(self):
        modules = TrainingModulePage.objects.filter(locale=Locale.get_default()).order_by("path")
        return [module_stats(module, with_questions=False) for module in modules]


@can_view
class QuestionResultsReportView(SpreadsheetCSVMixin, ReportView):
    """One module: its totals above, and how often each question was answered right."""

    template_name = "training/admin/statistics_module.html"
    header_icon = "table"
    index_url_name = "training_statistics_module"
    index_results_url_name = "training_statistics_module_results"
    paginate_by = None
    columns = [
        Column("test_label", label=_("Test")),
        Column("number", label="#"),
        Column("text", label=_("Question")),
        Column("answered", label=_("Answered")),
        PercentColumn("percent_correct", label=_("Correct")),
        Column("difficulty", label=_("Difficulty")),
    ]
    list_export = ["kind", "number", "text", "answered", "correct", "percent_correct"]
    export_headings = {
        "kind": "test",
        "number": "number",
        "text": "question",
        "answered": "answered",
        "correct": "correct",
        "percent_correct": "percent_correct",
    }

    @cached_property
    def stats(self):
        return module_stats(get_object_or_404(TrainingModulePage, pk=self.kwargs["page_id"]))

    @property
    def page_title(self):
        return self.stats.module.title

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.stats.module.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.stats.module.pk])

    def get_filename(self):
        return f"training-module-{self.stats.module.pk}-questions"

    def get_queryset(self):
        return self.stats.questions

    def get_context_data(self, **kwargs):
        return super().get_context_data(stats=self.stats, **kwargs)
