"""Administrators see the sign-ins that failed recently and unlock an account or a client
before the lockout ends by itself."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


def superuser_only(view):
    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@superuser_only
def index(request):
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
    return render(
        request,
        "portal/signin/lockouts.html",
        {"attempts": attempts, "limit": settings.AXES_FAILURE_LIMIT},
    )


@superuser_only
def unlock(request, pk):
    if request.method != "POST":
        return redirect("signin_lockouts")
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    reset(username=attempt.username, ip=attempt.ip_address, ip_or_username=True)
    messages.success(
        request, _("Sign-in unlocked for %(username)s.") % {"username": attempt.username}
    )
    return redirect("signin_lockouts")
