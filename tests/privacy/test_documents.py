"""Documents are served only through Wagtail's document view, which checks the collection's
view restrictions; the media folder gives out images (public by design) and nothing else,
as the embedded default serves it and as the production proxy is configured."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db

NGINX_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "portal.conf"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def restricted_document(media):
    collection = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return get_document_model().objects.create(
        title="Internal protocol",
        collection=collection,
        file=ContentFile(b"%PDF-1.4 internal protocol", name="protocol.pdf"),
    )


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_restricted_document_is_served_only_to_whom_the_collection_allows(
    client, restricted_document, media, django_user_model
):
    stored = media / restricted_document.file.name
    assert stored.exists() and restricted_document.file.name.startswith("documents/")

    assert client.get(f"/media/{restricted_document.file.name}").status_code == 404
    assert client.get("/media/documents/", follow=True).status_code == 404
    response = client.get(restricted_document.url)
    assert response.status_code == 302 and "/login/" in response["Location"]

    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    response = client.get(restricted_document.url)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 internal protocol"
    assert client.get(f"/media/{restricted_document.file.name}").status_code == 404


def test_images_stay_public_in_the_media_folder(client, media):
    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Logo", file=ImageFile(BytesIO(buffer.getvalue()), name="logo.png")
    )
    response = client.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert body(response) == buffer.getvalue()
    assert client.get("/media/../portal/settings/base.py").status_code == 404


def test_the_production_proxy_serves_only_the_image_folders_of_media():
    """deploy/nginx/portal.conf: the only locations under /media/ that serve files are the
    image folders; the rest of /media/ is refused, and /documents/ goes to the portal."""
    conf = NGINX_CONF.read_text()
    locations = dict(re.findall(r"location (\S+) \{([^}]*)\}", conf))
    serving = {path for path, block in locations.items() if "alias" in block or "root" in block}
    assert serving == {"/static/", "/media/images/", "/media/original_images/"}
    assert "return 404" in locations["/media/"]
    assert "proxy_pass" in locations["/"]
    assert not re.search(r"^\s*root\s", conf, re.MULTILINE), "no root that would expose media"
