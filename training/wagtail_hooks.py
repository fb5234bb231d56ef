from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Certificate
from .views import statistics


class IssuedOnlyPolicy(ModelPermissionPolicy):
    """Certificates are issued by passing a post-test; the admin may only revoke them."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "success"
    menu_label = _("Certificates")
    list_display = ["display_code", "holder_name", "module_title", "issued_at", "revoked_at"]
    search_fields = ["holder_name", "code", "module_title"]
    inspect_view_enabled = True
    copy_view_enabled = False


register_permission_policy(Certificate, IssuedOnlyPolicy(Certificate))
register_snippet(CertificateViewSet)


@hooks.register("register_admin_urls")
def statistics_urls():
    modules, questions = statistics.ModuleResultsReportView, statistics.QuestionResultsReportView
    return [
        path("training/statistics/", modules.as_view(), name=modules.index_url_name),
        path(
            "training/statistics/results/",
            modules.as_view(results_only=True),
            name=modules.index_results_url_name,
        ),
        path(
            "training/statistics/<int:page_id>/",
            questions.as_view(),
            name=questions.index_url_name,
        ),
        path(
            "training/statistics/<int:page_id>/results/",
            questions.as_view(results_only=True),
            name=questions.index_results_url_name,
        ),
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("training.view_statistics")


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return StatisticsMenuItem(
        _("Training results"), reverse("training_statistics"), icon_name="table", order=310
    )
