"""The site's URLs with the content API mounted, whether or not the site mounts it yet."""

from django.urls import path
from wagtail.api.v3.urls import api

from portal.urls import urlpatterns as site_urlpatterns

if any(str(pattern.pattern) == "api/v3/" for pattern in site_urlpatterns):
    urlpatterns = site_urlpatterns
else:
    urlpatterns = [path("api/v3/", api.urls), *site_urlpatterns]
handler404 = "portal.views.page_not_found"
