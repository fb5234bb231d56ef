"""The media folder as the embedded default serves it (`make run`, SERVE_MEDIA): only the
folders of images, which are public by design. Documents are stored under media/documents/
too, but they are served only by Wagtail's document view (/documents/<id>/<file>), which
checks the collection's view restrictions; at /media/documents/… there is nothing. The
production proxy follows the same rule (deploy/nginx/portal.conf)."""

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

# Wagtail's image originals and renditions.
PUBLIC_FOLDERS = ("original_images/", "images/")


def public_media(request, path):
    if not path.startswith(PUBLIC_FOLDERS):
        raise Http404("Not a public file")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def urlpatterns():
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.+)$", public_media, name="public_media")]
