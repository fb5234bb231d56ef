"""Administrators remove the second factor of an editor who has lost it (a new phone, a
reset app), from the admin: the editor then signs in with the password alone and sets up
two-factor sign-in again (at once where it is required for them)."""

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .lockouts import superuser_only

logger = logging.getLogger(__name__)


@superuser_only
def index(request):
    users = (
        get_user_model()
        .objects.filter(totpdevice__confirmed=True)
        .exclude(pk=request.user.pk)
        .distinct()
        .order_by("username")
    )
    return render(request, "portal/signin/second_factors.html", {"users": users})


@require_POST
@superuser_only
def remove(request, user_id):
    user = get_object_or_404(get_user_model(), pk=user_id)
    if user == request.user:
        # One's own second factor is turned off under Account, where the rules apply.
        raise PermissionDenied
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    logger.warning(
        "Administrator %s (id %s) removed the second factor of %s (id %s): %s device(s)",
        request.user.get_username(),
        request.user.pk,
        user.get_username(),
        user.pk,
        removed,
    )
    messages.success(
        request,
        _(
            "The second factor of %(username)s has been removed. They sign in with their "
            "password and can set up two-factor sign-in again."
        )
        % {"username": user.get_username()},
    )
    return redirect("second_factors")
