"""Public newsletter pages. None of them sets a cookie or needs a CSRF token: the signup only
asks for a confirmation mail (bounded by rate limits), and the other forms are reached only
through a personal secret link. All of them are `Cache-Control: no-store`."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import abuse, subscriptions
from .forms import LanguageForm, SignupForm
from .models import ConsentRecord, Subscriber


def message(request, heading, text, status=200, signup_link=False):
    context = {"heading": heading, "text": text, "signup_link": signup_link}
    return render(request, "newsletter/message.html", context, status=status)


def handle_signup(form) -> None:
    """Shared by the HTML form and the API once the form is valid."""
    if form.is_bot:
        return
    data = form.cleaned_data
    subscriptions.request_subscription(
        email=data["email"], name=data["name"], language=data["language"], source=data["source"]
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.method == "GET":
        return render(request, "newsletter/signup.html", {"form": SignupForm()})
    if not abuse.client_allowed(request):
        return message(
            request,
            _("Too many requests"),
            _(
                "We have received many subscription requests from your connection. "
                "Please try again in an hour."
            ),
            status=429,
        )
    form = SignupForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/signup.html", {"form": form}, status=400)
    handle_signup(form)
    return HttpResponseRedirect(reverse("newsletter:thanks"), status=303)


@never_cache
@require_http_methods(["GET"])
def thanks(request):
    return message(
        request,
        _("Check your inbox"),
        _(
            "If the address can receive the bulletin, a message is on its way to it. Open the "
            "link in that message to confirm your subscription. If nothing arrives within an "
            "hour, check your spam folder or try again."
        ),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET (which mail scanners follow) only shows a button; the POST confirms."""
    if request.method == "GET":
        pending = subscriptions.pending_confirmation(token)
        status = 200 if pending else 400
        return render(request, "newsletter/confirm.html", {"pending": pending}, status=status)
    subscriber = subscriptions.confirm(token)
    if subscriber is None:
        return render(request, "newsletter/confirm.html", {"pending": None}, status=400)
    return message(
        request,
        _("Subscription confirmed"),
        _(
            "Thank you. You will receive the next issue of the bulletin by email. Every issue "
            "has a link to unsubscribe or to change the language."
        ),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, key):
    """The personal link in every email (and the RFC 8058 one-click target). A POST with no
    `action`, such as `List-Unsubscribe=One-Click`, unsubscribes at once."""
    subscriber = subscriptions.by_manage_key(key)
    if subscriber is None:
        return message(
            request,
            _("This link no longer works"),
            _("We hold no subscription for this link."),
            status=404,
            signup_link=True,
        )
    language_form = LanguageForm(initial={"language": subscriber.language})
    if request.method == "POST":
        action = request.POST.get("action", "unsubscribe")
        if action == "language":
            language_form = LanguageForm(request.POST)
            if not language_form.is_valid():
                return render(
                    request,
                    "newsletter/manage.html",
                    {"subscriber": subscriber, "language_form": language_form},
                    status=400,
                )
            subscriptions.change_language(subscriber, language_form.cleaned_data["language"])
        elif action == "resubscribe":
            subscriptions.resubscribe(subscriber)
        else:
            source = (
                ConsentRecord.Source.ONE_CLICK
                if request.POST.get("List-Unsubscribe") == "One-Click"
                else ConsentRecord.Source.EMAIL_LINK
            )
            subscriptions.unsubscribe(subscriber, source)
        subscriber.refresh_from_db()
        language_form = LanguageForm(initial={"language": subscriber.language})
    return render(
        request,
        "newsletter/manage.html",
        {
            "subscriber": subscriber,
            "language_form": language_form,
            "done": request.method == "POST",
            "Status": Subscriber.Status,
        },
    )
