from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from bulletin.models import BulletinIssuePage
from portal.admin_actions import register_page_action

from . import admin_views
from .models import Delivery, Mailing, Subscriber


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Subscribers sign up themselves and mailings are started from an issue: the admin
    only looks at them (erasure has its own view)."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(
            user, action
        )


register_permission_policy(Subscriber, ReadOnlyPolicy(Subscriber))
register_permission_policy(Mailing, ReadOnlyPolicy(Mailing))


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    list_display = ["email", "name", "language", "status", "created_at"]
    list_filter = ["language", "status"]
    search_fields = ["email", "name"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "name",
        "language",
        "status",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]


def _status_count(*statuses):
    return Count("deliveries", filter=Q(deliveries__status__in=statuses))


class MailingViewSet(SnippetViewSet):
    model = Mailing
    icon = "mail"
    list_display = [
        "issue",
        "language",
        "status",
        Column("problem_message", label=_("problem")),
        Column("pending", label=_("pending")),
        Column("sent", label=_("sent")),
        Column("failed", label=_("failed")),
        Column("bounced", label=_("bounced")),
    ]
    list_filter = ["language", "status"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        S = Delivery.Status
        return Mailing.objects.select_related("issue").annotate(
            pending=_status_count(S.PENDING, S.SENDING),
            sent=_status_count(S.SENT),
            failed=_status_count(S.FAILED),
            bounced=_status_count(S.BOUNCED),
        )


class NewsletterViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 250
    items = (SubscriberViewSet, MailingViewSet)


register_snippet(NewsletterViewSetGroup)


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path(
            "newsletter/send/<int:page_id>/",
            admin_views.send_issue,
            name="newsletter_send_issue",
        ),
        path(
            "newsletter/send/<int:page_id>/confirm/",
            admin_views.confirm_send,
            name="newsletter_confirm_send",
        ),
        path(
            "newsletter/subscribers/<int:pk>/export/",
            admin_views.export_subscriber,
            name="newsletter_export_subscriber",
        ),
        path(
            "newsletter/subscribers/<int:pk>/erase/",
            admin_views.erase_subscriber,
            name="newsletter_erase_subscriber",
        ),
    ]


register_page_action(
    _("Send by email"),
    "newsletter_send_issue",
    icon_name="mail",
    priority=70,
    page_types=BulletinIssuePage,
    allowed=lambda permissions: permissions.can_publish(),
)


@hooks.register("register_snippet_listing_buttons")
def subscriber_privacy_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Subscriber) and user.has_perm("newsletter.delete_subscriber"):
        yield ListingButton(
            _("Export data"),
            reverse("newsletter_export_subscriber", args=[snippet.pk]),
            icon_name="download",
            priority=10,
        )
        yield ListingButton(
            _("Erase"),
            reverse("newsletter_erase_subscriber", args=[snippet.pk]),
            icon_name="bin",
            priority=20,
        )
