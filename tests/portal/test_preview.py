"""Every page type previews in the editor's preview panel, also before it was ever
published: the panel is a frame of the admin, so the preview response follows the admin's
framing policy, never the public pages' `frame-ancestors 'none'`. (One test per concern
over all page types: the demo content they need takes a while to build.)"""

import pytest
from django.test import Client
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.test.utils.page_tests import WagtailPageTestCase

pytestmark = pytest.mark.django_db

PAGE_TYPES = [model for model in get_page_models() if model is not Page]


def demo_page(model):
    page = model.objects.filter(locale__language_code="bg").first()
    assert page is not None, f"the demo content has no {model.__name__}"
    return page


def edit_form_data(client, page):
    """What the page editor posts. Wagtail 8 builds StreamField inputs in the browser, so
    the streams are sent empty: the preview must render the page's other fields and what
    it builds itself (numbering, navigation, listings) without them."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = "0"
    return data


def never_published_copy(page):
    changes = {"slug": f"{page.slug}-draft", "title": f"{page.title} (draft)"}
    if getattr(page, "number", None):  # numbered issues and chapters: a new number
        changes["number"] = page.number + 100
    copy = page.copy(to=page.get_parent(), update_attrs=changes, keep_live=False)
    assert not copy.live and copy.first_published_at is None
    return copy


def test_every_page_type_previews_before_it_was_ever_published(demo_content):
    checks = WagtailPageTestCase("run")  # Wagtail's page assertions, outside a unittest class
    checks.client = Client()
    editor = checks.create_superuser("previewer")
    failures = []
    for model in PAGE_TYPES:
        page = never_published_copy(demo_page(model))
        checks.client.force_login(editor)  # the assertion logs out when it is done
        try:
            checks.assertPageIsPreviewable(page, post_data=edit_form_data(checks.client, page))
        except (AssertionError, ValueError) as failure:
            failures.append(f"{model.__name__}: {failure}")
    assert failures == [], "\n".join(failures)


def test_the_preview_panel_shows_every_page_type_inside_the_admin(admin_client, demo_content):
    for model in PAGE_TYPES:
        page = demo_page(model)
        url = f"/admin/pages/{page.pk}/edit/preview/"
        state = admin_client.post(url, edit_form_data(admin_client, page)).json()
        assert state == {"is_valid": True, "is_available": True}, model.__name__
        response = admin_client.get(url, {"in_preview_panel": "true"})
        assert response.status_code == 200, model.__name__
        assert page.title in response.content.decode(), model.__name__
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        policy = response["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy, model.__name__
        assert "frame-ancestors 'none'" not in policy, model.__name__
