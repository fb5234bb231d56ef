from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from . import lockouts, two_factor, visibility


@hooks.register("register_admin_urls")
def signin_admin_urls():
    return [
        path("two-factor/", two_factor.setup, name="two_factor_setup"),
        path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
        path("two-factor/turn-off/", two_factor.turn_off, name="two_factor_turn_off"),
        path("sign-in-lockouts/", lockouts.index, name="signin_lockouts"),
        path("sign-in-lockouts/<int:pk>/unlock/", lockouts.unlock, name="signin_unlock"),
    ]


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return AdminOnlyMenuItem(
        _("Sign-in lockouts"), reverse("signin_lockouts"), icon_name="lock", order=900
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app each time you sign in."),
    }


@hooks.register("before_serve_page")
def refuse_expired_page(page, request, serve_args, serve_kwargs):
    """A page whose expiry time has passed is gone at once, not only when the scheduled
    `publish_scheduled` command unpublishes it (the visibility rule hides it everywhere)."""
    if page.expire_at is not None and not visibility.can_see_page(page) and page.live:
        raise Http404
