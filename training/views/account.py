"""Trainee accounts: registration, sign-in, progress and certificates. Every page here is
personal and sent with Cache-Control: no-store."""

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page

from portal import visibility
from portal.public_urls import absolute_url

from ..forms import (
    TraineeLoginForm,
    TraineePasswordResetForm,
    TraineeRegistrationForm,
    reset_mail_refusal,
)
from ..models import Certificate, LessonPage, TrainingModulePage
from ..models.progress import complete_lesson, module_progress, started_module_keys
from .verification import start_verification

trainee_required = login_required(login_url=reverse_lazy("training:login"))


@never_cache
def register(request):
    if request.user.is_authenticated:
        return HttpResponseRedirect(reverse("training:dashboard"))
    form = TraineeRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start_verification(request, form.save())
        return HttpResponseRedirect(reverse("training:confirmation_sent"))
    return render(request, "training/register.html", {"form": form})


@method_decorator(never_cache, name="dispatch")
class TraineeLoginView(auth_views.LoginView):
    template_name = "training/login.html"
    authentication_form = TraineeLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("training:dashboard")


@method_decorator(never_cache, name="dispatch")
class TraineePasswordResetView(auth_views.PasswordResetView):
    """Mails a reset link to a trainee's address; links are built on PUBLIC_BASE_URL, never on
    the request's Host header, and the mail is in the language of the page."""

    template_name = "training/password_reset.html"
    form_class = TraineePasswordResetForm
    email_template_name = "training/email/password_reset.txt"
    subject_template_name = "training/email/password_reset_subject.txt"
    success_url = reverse_lazy("training:password_reset_sent")

    def form_valid(self, form):
        if refusal := reset_mail_refusal(self.request, form.cleaned_data["email"]):
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        self.extra_email_context = {"base_url": settings.PUBLIC_BASE_URL}
        return super().form_valid(form)


@method_decorator(never_cache, name="dispatch")
class TraineePasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "training/password_reset_confirm.html"
    success_url = reverse_lazy("training:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever can read the account's mail may sign in again at once.
        reset_lockouts(username=self.user.get_username())
        return response


def password_reset_sent(request):
    return render(
        request,
        "training/account_notice.html",
        {
            "heading": _("Check your email"),
            "text": _(
                "If a trainee account uses this address, we have sent it a link to choose a "
                "new password. The link works for three days. Nothing arrived? Check the spam "
                "folder, or ask again with the address you registered with."
            ),
        },
    )


def password_reset_complete(request):
    return render(
        request,
        "training/account_notice.html",
        {
            "heading": _("Your password has been changed"),
            "text": _("You can now sign in with your new password."),
            "sign_in": True,
        },
    )


@method_decorator(never_cache, name="dispatch")
class TraineeLogoutView(auth_views.LogoutView):
    def get_default_redirect_url(self):
        return f"/{self.request.LANGUAGE_CODE}/"


@never_cache
@trainee_required
def dashboard(request):
    keys = started_module_keys(request.user)
    modules = (
        visibility.pages(TrainingModulePage.objects)
        .filter(translation_key__in=keys, locale=Locale.get_active())
        .order_by("path")
    )
    return render(
        request,
        "training/dashboard.html",
        {
            "progress_list": [module_progress(request.user, module) for module in modules],
            "certificates": Certificate.objects.filter(user=request.user),
        },
    )


@never_cache
@require_POST
@trainee_required
def complete(request, page_id):
    lesson = get_object_or_404(visibility.pages(LessonPage.objects), pk=page_id)
    complete_lesson(request.user, lesson)
    siblings = list(lesson.get_parent().specific.lessons())
    following = [p for p in siblings if p.path > lesson.path]
    messages.success(request, _("Lesson marked as completed."))
    target = following[0] if following else lesson.get_parent()
    return HttpResponseRedirect(target.url)


@never_cache
@trainee_required
def certificate(request, code):
    certificate = get_object_or_404(Certificate, code=code)
    if certificate.user_id != request.user.pk:
        raise Http404
    module = Page.objects.filter(
        translation_key=certificate.module_key, locale=Locale.get_active()
    ).first()
    return render(
        request,
        "training/certificate.html",
        {
            "certificate": certificate,
            "module_title": module.title if module else certificate.module_title,
            "verify_url": absolute_url(
                reverse("training:verify_code", args=[certificate.display_code])
            ),
        },
    )
