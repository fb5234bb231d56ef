"""The editors' side of search: the report of what people search for (the most frequent
queries and those that found nothing, so editors see what the portal lacks) and the
synonyms they keep (Settings → Search synonyms)."""

from django.db.models import Max, Sum
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ChoiceFilter, DateFromToRangeFilter
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import QueryStat, SearchSynonym


class SearchQueriesFilterSet(WagtailFilterSet):
    language = ChoiceFilter(label=_("Language"), choices=[("bg", "Български"), ("en", "English")])
    day = DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    without_results = BooleanFilter(
        label=_("Only searches without results"), method="filter_without_results"
    )

    class Meta:
        model = QueryStat
        fields = []

    def filter_without_results(self, queryset, name, value):
        return queryset.filter(total_zero_results__gt=0) if value else queryset


class SearchQueriesReportView(ReportView):
    page_title = _("Search queries")
    header_icon = "search"
    filterset_class = SearchQueriesFilterSet
    default_ordering = "-total_searches"
    index_url_name = "search_queries_report"
    index_results_url_name = "search_queries_report_results"
    columns = [
        Column("query", label=_("Query"), sort_key="query"),
        Column("language", label=_("Language"), sort_key="language"),
        NumberColumn("total_searches", label=_("Searches"), sort_key="total_searches"),
        NumberColumn(
            "total_zero_results", label=_("Without results"), sort_key="total_zero_results"
        ),
        Column("last_day", label=_("Last searched"), sort_key="last_day"),
    ]
    list_export = ["query", "language", "total_searches", "total_zero_results", "last_day"]
    export_headings = {
        "query": _("Query"),
        "language": _("Language"),
        "total_searches": _("Searches"),
        "total_zero_results": _("Without results"),
        "last_day": _("Last searched"),
    }

    def get_base_queryset(self):
        return (
            QueryStat.objects.values("query", "language")
            .annotate(
                total_searches=Sum("searches"),
                total_zero_results=Sum("zero_results"),
                last_day=Max("day"),
            )
            .order_by("-total_searches")
        )

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs


@hooks.register("register_admin_urls")
def register_report_urls():
    view = SearchQueriesReportView
    return [
        path("reports/search-queries/", view.as_view(), name=view.index_url_name),
        path(
            "reports/search-queries/results/",
            view.as_view(results_only=True),
            name=view.index_results_url_name,
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        _("Search queries"),
        reverse(SearchQueriesReportView.index_url_name),
        name="search-queries",
        icon_name="search",
        order=1310,
    )


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 1320
    add_to_settings_menu = True
    list_display = ["term", "equivalents"]
    search_fields = ["term", "equivalents"]


register_snippet(SearchSynonymViewSet)
