from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.api import api
from wagtail.documents import urls as wagtaildocs_urls

from . import media, views
from .sitemaps import TranslatedPagesSitemap

# Outside the language prefix: the admin, documents, machine-readable files and the API.
urlpatterns = [
    path("", views.root_redirect, name="root"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": TranslatedPagesSitemap}},
        name="sitemap",
    ),
    path("healthz", views.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.SERVE_MEDIA:
    urlpatterns += media.urlpatterns()

# Pages live under /bg/… and /en/…; Wagtail's catch-all route comes last.
urlpatterns += i18n_patterns(
    path("newsletter/", include("newsletter.urls")),
    path("", include("bulletin.urls")),
    path("search/", include("search.urls")),
    path("", include("training.urls")),
    path("polls/", include("polls.urls")),
    path("", include(wagtail_urls)),
)

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
