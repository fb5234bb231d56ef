"""Confirming a new trainee's email address: the page that says the link was sent (and
sends it again), and the link itself. Personal pages: never cached."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..forms import ResendVerificationForm
from ..verification import pending_account, send_verification_email, user_from_link

PENDING_EMAIL_SESSION_KEY = "training_pending_email"


def start_verification(request, user):
    """Mail the link to a newly registered account and remember its address for the page
    that says where the link went."""
    send_verification_email.enqueue(user.pk, get_language())
    request.session[PENDING_EMAIL_SESSION_KEY] = user.email


@never_cache
def confirmation_sent(request):
    """Says where the link went and what to do; sends it again on request. The answer is the
    same whether or not the address has an account waiting, so it reveals no accounts."""
    form = ResendVerificationForm(
        request.POST or None, initial={"email": request.session.get(PENDING_EMAIL_SESSION_KEY)}
    )
    if request.method == "POST" and form.is_valid():
        user = pending_account(form.cleaned_data["email"])
        if user is not None:
            send_verification_email.enqueue(user.pk, get_language())
        request.session[PENDING_EMAIL_SESSION_KEY] = form.cleaned_data["email"].lower()
        messages.success(
            request,
            _("If an account with this address waits for confirmation, a new link is on its way."),
        )
        return HttpResponseRedirect(reverse("training:confirmation_sent"))
    return render(
        request,
        "training/confirmation_sent.html",
        {"form": form, "email": request.session.get(PENDING_EMAIL_SESSION_KEY)},
    )


@never_cache
def confirm_email(request, uidb64, token):
    user = user_from_link(uidb64, token)
    if user is None:
        return render(
            request,
            "training/confirmation_invalid.html",
            {"form": ResendVerificationForm()},
            status=400,
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop(PENDING_EMAIL_SESSION_KEY, None)
    messages.success(
        request,
        _("Your email address is confirmed. Welcome! Your progress is now saved as you learn."),
    )
    return HttpResponseRedirect(reverse("training:dashboard"))
