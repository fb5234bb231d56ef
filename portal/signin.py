"""Sign-in that resists guessing, for the admin and trainee logins alike.

django-axes counts failed sign-ins per account and per client and locks either out for
AXES_COOLOFF_TIME; django-otp (TOTP, views in portal.two_factor) asks editors who set up a
device for a code, and TWO_FACTOR_REQUIRED_FOR_ADMINS makes a device mandatory for
administrators."""

import ipaddress

import django_otp
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse

from .client_identity import client_address, rotating_hash


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check. A call to authenticate() without a request (Django's test client,
    a shell) has no client to count and is left to the next backend; every sign-in form
    passes its request."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id):
        """Django's test client signs in through the first backend that has get_user; the
        session then asks this backend for its user."""
        return ModelBackend().get_user(user_id)


def pseudonymous_client(request) -> str:
    """What axes records as the client's address: a keyed hash of it (the key rotates
    daily) shaped as a unique-local IPv6 address, so that no raw address is stored."""
    digest = bytes.fromhex(rotating_hash("signin", client_address(request)))
    return str(ipaddress.IPv6Address(b"\xfd" + digest[:15]))


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of a sign-in form while locked out: in the admin's layout for
    the admin, in the site's layout for trainees."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    admin = request.path.startswith("/admin/")
    template = "portal/signin/admin_locked_out.html" if admin else "portal/signin/locked_out.html"
    return render(request, template, {"minutes": minutes}, status=429)


def required_for(user) -> bool:
    """Whether the settings demand a device of this user, whether or not they have one."""
    return settings.TWO_FACTOR_REQUIRED_FOR_ADMINS and user.is_superuser


def must_verify(user) -> bool:
    """Editors who set up a device (they turned two-factor sign-in on) must give a code;
    with TWO_FACTOR_REQUIRED_FOR_ADMINS, so must administrators, who set one up first."""
    if not (user.is_authenticated and user.has_perm("wagtailadmin.access_admin")):
        return False
    if django_otp.user_has_device(user, confirmed=True):
        return True
    return required_for(user)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a signed-in editor who must verify and has not is
    sent to give a code (or to set up a device) before any other page, public pages
    included, since a signed-in editor may see restricted ones."""

    EXEMPT = {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "two_factor_verify",
        "two_factor_setup",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        held = user.is_authenticated and not user.is_verified() and not self._exempt(request)
        if held and must_verify(user):
            has_device = django_otp.user_has_device(user, confirmed=True)
            target = reverse("two_factor_verify" if has_device else "two_factor_setup")
            return redirect_to_login(request.get_full_path(), login_url=target)
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        try:
            return resolve(request.path_info).url_name in self.EXEMPT
        except Resolver404:
            return False
