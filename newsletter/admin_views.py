import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from bulletin.models import BulletinIssuePage

from . import privacy
from .addresses import normalise_email
from .models import Mailing, Subscriber
from .sending import resume, send_test, start_mailing
from .tasks import send_mailing


class TestSendForm(forms.Form):
    email = forms.CharField(label=gettext_lazy("Send a test copy to"), max_length=254)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


def _issue_to_send(request, page_id):
    issue = get_object_or_404(BulletinIssuePage.objects.select_related("locale"), pk=page_id)
    if not issue.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return issue


def audiences(issue_language: str) -> list[dict]:
    """Confirmed subscribers per language (one query), and whether they receive an issue
    in issue_language: a mailing goes to the subscribers of the issue's language only."""
    counts = dict(
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .values_list("language")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_translated"],
            "count": counts.get(code, 0),
            "receives": code == issue_language,
        }
        for code, _name in settings.LANGUAGES
    ]


def send_issue(request, page_id):
    """Test copy first, then the real mailing to the issue's language (after the editor
    has confirmed it on confirm_send)."""
    issue = _issue_to_send(request, page_id)
    language = issue.locale.language_code
    test_form = TestSendForm(initial={"email": request.user.email})
    if request.method == "POST" and issue.live:
        if request.POST.get("action") == "test":
            test_form = TestSendForm(request.POST)
            if test_form.is_valid():
                send_test(issue, test_form.cleaned_data["email"])
                messages.success(request, _("A test copy is on its way."))
                return redirect("newsletter_send_issue", page_id)
        elif request.POST.get("action") == "send":
            mailing = start_mailing(issue, request.user)
            resume(mailing)  # a mailing that was paused goes on from where it stopped
            send_mailing.enqueue(mailing.pk)
            messages.success(request, _("The mailing has started; its progress is shown below."))
            return redirect("newsletter_send_issue", page_id)
    mailing = Mailing.objects.filter(issue=issue, language=language).first()
    return TemplateResponse(
        request,
        "newsletter/admin/send_issue.html",
        {
            "issue": issue,
            "language": language,
            "test_form": test_form,
            "mailing": mailing,
            "counts": mailing.counts() if mailing else None,
            "lease_minutes": settings.NEWSLETTER_LEASE_SECONDS // 60,
        },
    )


def confirm_send(request, page_id):
    """Asks before the real mailing: to how many confirmed subscribers in which language."""
    issue = _issue_to_send(request, page_id)
    if not issue.live or Mailing.objects.filter(issue=issue).exists():
        return redirect("newsletter_send_issue", page_id)
    languages = audiences(issue.locale.language_code)
    return TemplateResponse(
        request,
        "newsletter/admin/confirm_send.html",
        {
            "issue": issue,
            "languages": languages,
            "receiving": next(language for language in languages if language["receives"]),
        },
    )


def _subscriber_for_privacy(request, pk):
    if not request.user.has_perm("newsletter.delete_subscriber"):
        raise PermissionDenied
    return get_object_or_404(Subscriber, pk=pk)


def export_subscriber(request, pk):
    subscriber = _subscriber_for_privacy(request, pk)
    response = HttpResponse(
        json.dumps(privacy.export(subscriber), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="subscriber-{subscriber.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


def erase_subscriber(request, pk):
    subscriber = _subscriber_for_privacy(request, pk)
    if request.method == "POST":
        privacy.erase(subscriber)
        messages.success(request, _("The subscriber's data has been erased."))
        return redirect(reverse("wagtailsnippets_newsletter_subscriber:list"))
    return TemplateResponse(
        request, "newsletter/admin/erase_subscriber.html", {"subscriber": subscriber}
    )
