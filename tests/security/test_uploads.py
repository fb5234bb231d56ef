"""Uploads are bounded and cannot smuggle scripts; documents are served as downloads with a
fixed type, except PDFs."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def image_form(name, content):
    form_class = get_image_form(get_image_model())
    return form_class(
        data={"title": name},
        files={"file": SimpleUploadedFile(name, content)},
    )


def test_a_small_png_is_accepted():
    assert image_form("photo.png", png(40, 30)).is_valid()


def test_svg_is_not_accepted_as_an_image():
    form = image_form("logo.svg", SVG)
    assert not form.is_valid()
    assert "file" in form.errors


def test_images_are_limited_in_size_and_pixel_count(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    assert not image_form("big.png", png(400, 400) + b"\0" * 2000).is_valid()
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    form = image_form("wide.png", png(200, 200))
    assert not form.is_valid()
    assert "file" in form.errors


def test_html_and_svg_documents_are_refused():
    form_class = get_document_form(get_document_model())
    for name in ("page.html", "drawing.svg", "script.js"):
        form = form_class(
            data={"title": name}, files={"file": SimpleUploadedFile(name, b"<script></script>")}
        )
        assert not form.is_valid(), name


@pytest.fixture
def documents(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Document = get_document_model()
    made = {}
    for name, content in [
        ("notes.txt", b"<html><script>alert(1)</script></html>"),
        ("report.pdf", b"%PDF-1.4\n%%EOF\n"),
        ("table.csv", b"a,b\n1,2\n"),
    ]:
        document = Document(title=name)
        document.file.save(name, ContentFile(content))
        made[name] = document
    return made


def test_text_documents_download_as_plain_text_and_never_render(client, documents):
    response = client.get(documents["notes.txt"].url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_pdfs_open_in_the_browser_and_other_documents_download(client, documents):
    pdf = client.get(documents["report.pdf"].url)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline")
    csv = client.get(documents["table.csv"].url)
    assert csv["Content-Type"].startswith("text/csv")
    assert csv["Content-Disposition"].startswith("attachment")


def test_documents_are_limited_in_size(settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1000
    form_class = get_document_form(get_document_model())

    def form(size):
        upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * size)
        return form_class(data={"title": "Report"}, files={"file": upload})

    assert form(500).is_valid()
    too_big = form(5000)
    with translation.override("en"):
        assert not too_big.is_valid()
        assert "a document may be 1000\xa0bytes at most" in str(too_big.errors["file"])
