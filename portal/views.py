from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
def root_redirect(request):
    """Send `/` to the home page in the visitor's preferred language (Bulgarian by default).
    Only the Accept-Language header counts here; the portal sets no language cookie."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    response["Vary"] = "Accept-Language"
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/search/",
        f"Sitemap: {settings.PUBLIC_BASE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    # The language switcher offers each language's home page: the missing path has no
    # translation.
    return render(request, "404.html", {"page_missing": True}, status=404)


def server_error(request):
    # No context processors that touch the database: the failure may be the database.
    template = loader.get_template("500.html")
    context = {
        "LANGUAGE_CODE": translation.get_language(),
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
    }
    return HttpResponse(template.render(context), status=500)


def csrf_failure(request, reason=""):
    """Django's CSRF check failed: explain in the visitor's language; nothing was saved."""
    response = render(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "no-store"
    return response
