"""Trainee accounts: registration, sign-in, progress and certificates. Every page here is
personal and sent with Cache-Control: no-store."""

from django.contrib import messages
from django.contrib.auth import login
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

from ..forms import TraineeLoginForm, TraineeRegistrationForm
from ..models import Certificate, LessonPage, TrainingModulePage
from ..progress import complete_lesson, module_progress, started_module_keys

trainee_required = login_required(login_url=reverse_lazy("training:login"))


@never_cache
def register(request):
    if request.user.is_authenticated:
        return HttpResponseRedirect(reverse("training:dashboard"))
    form = TraineeRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your progress is now saved as you learn."))
        return HttpResponseRedirect(reverse("training:dashboard"))
    return render(request, "training/register.html", {"form": form})


@method_decorator(never_cache, name="dispatch")
class TraineeLoginView(auth_views.LoginView):
    template_name = "training/login.html"
    authentication_form = TraineeLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("training:dashboard")


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
