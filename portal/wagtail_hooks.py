"""The portal's admin hooks: two-factor sign-in and sign-in lockouts; translation status
for editors (a panel on the dashboard, a report, and a word after publishing a page whose
other-language versions are missing or now out of date)."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import AdminOnlyMenuItem, MenuItem
from wagtail.admin.ui.components import Component

from . import lockouts, second_factors, task_queue, two_factor, visibility
from .admin_views import translation_status_report
from .translation_status import (
    MISSING,
    OUT_OF_DATE,
    Row,
    default_locale,
    page_status,
    translation_status,
)


@hooks.register("register_admin_urls")
def signin_admin_urls():
    return [
        path("two-factor/", two_factor.setup, name="two_factor_setup"),
        path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
        path("two-factor/turn-off/", two_factor.turn_off, name="two_factor_turn_off"),
        path("sign-in-lockouts/", lockouts.index, name="signin_lockouts"),
        path("sign-in-lockouts/<int:pk>/unlock/", lockouts.unlock, name="signin_unlock"),
        path("second-factors/", second_factors.index, name="second_factors"),
        path(
            "second-factors/<int:user_id>/remove/",
            second_factors.remove,
            name="second_factor_remove",
        ),
    ]


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return AdminOnlyMenuItem(
        _("Sign-in lockouts"), reverse("signin_lockouts"), icon_name="lock", order=900
    )


@hooks.register("register_settings_menu_item")
def second_factors_menu_item():
    return AdminOnlyMenuItem(
        _("Second factors"), reverse("second_factors"), icon_name="key", order=901
    )


@hooks.register("register_admin_urls")
def task_queue_urls():
    return [
        path("task-queue/", task_queue.index, name="task_queue"),
        path("task-queue/<uuid:pk>/retry/", task_queue.retry, name="task_queue_retry"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_settings_menu_item")
def task_queue_menu_item():
    return PermissionMenuItem(
        _("Task queue"),
        reverse("task_queue"),
        icon_name="cogs",
        order=902,
        permission=task_queue.PERMISSION,
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app each time you sign in."),
    }


@hooks.register("register_admin_urls")
def translation_status_urls():
    return [
        path(
            "reports/translation-status/",
            translation_status_report,
            name="translation_status_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def translation_status_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse("translation_status_report"),
        name="translation-status",
        icon_name="site",
        order=1300,
    )


class TranslationStatusPanel(Component):
    name = "translation_status"
    template_name = "portal/admin/translation_status_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        report = translation_status(parent_context["request"].user)
        return {"report": report, "url": reverse("translation_status_report")}


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    panels.append(TranslationStatusPanel())


@hooks.register("after_publish_page")
def say_which_translations_are_missing(request, page):
    if page.locale_id != default_locale().pk:
        return
    for row in page_status(page, request.user):
        if row.state in (MISSING, OUT_OF_DATE):
            button = messages.button(row.action_url, str(row.action_label))
            messages.warning(request, _publish_notice(row), buttons=[button])


def _publish_notice(row: Row) -> str:
    values = {"title": row.source.title, "language": row.language}
    if row.state == MISSING:
        return _("“%(title)s” has no version in %(language)s yet.") % values
    return (
        _(
            "The version in %(language)s of “%(title)s” now differs from this page: sync it "
            "so that translators see the changes."
        )
        % values
    )


@hooks.register("before_serve_page")
def refuse_expired_page(page, request, serve_args, serve_kwargs):
    """A page whose expiry time has passed is gone at once, not only when the scheduled
    `publish_scheduled` command unpublishes it (the visibility rule hides it everywhere)."""
    if page.expire_at is not None and page.live and not visibility.can_see_page(page):
        raise Http404
