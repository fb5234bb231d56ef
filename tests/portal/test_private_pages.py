"""Private and password-protected pages ask in the portal's own frame: the quick exit, the
language switch and the landmarks are there as on every other page."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from portal.models import ContentPage

pytestmark = pytest.mark.django_db


def restricted(bg_home, slug, **restriction):
    page = bg_home.add_child(instance=ContentPage(title=f"Страница {slug}", slug=slug))
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, **restriction)
    return page


def assert_in_the_portal_frame(response, language):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.html["lang"] == language
    assert html.select_one("aside.quick-exit [data-quick-exit-link]")
    assert html.select_one("header .language-switcher a[hreflang]")
    assert html.select_one("main#main h1") and len(html.find_all("h1")) == 1
    assert html.select_one("footer")
    form = html.select_one("main form[method=post]")
    assert form["action"], "a form with an empty action"
    return html, form


def test_password_required_page_is_the_portals_own(client, bg_home):
    page = restricted(
        bg_home, "parola", restriction_type=PageViewRestriction.PASSWORD, password="tajna"
    )
    html, form = assert_in_the_portal_frame(client.get(page.url), "bg")
    assert html.select_one("label[for=id_password]")
    return_url = form.select_one("input[name=return_url]")["value"]
    wrong = client.post(form["action"], {"password": "greshna", "return_url": return_url})
    assert_in_the_portal_frame(wrong, "bg")
    assert wrong.context["form"].errors
    right = client.post(form["action"], {"password": "tajna", "return_url": return_url})
    assert right.status_code == 302
    assert "Страница parola" in client.get(page.url).text


def test_login_for_private_pages_is_the_portals_own(client, bg_home):
    page = restricted(bg_home, "vhod", restriction_type=PageViewRestriction.LOGIN)
    redirect = client.get(page.url)
    assert redirect.status_code == 302
    _html, form = assert_in_the_portal_frame(client.get(redirect["Location"]), "bg")
    assert form.select_one("input[name=next]")["value"] == page.url
    get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-1")
    wrong = client.post(form["action"], {"username": "reader", "password": "no", "next": page.url})
    assert_in_the_portal_frame(wrong, "bg")
    right = client.post(
        form["action"], {"username": "reader", "password": "a-long-password-1", "next": page.url}
    )
    assert right.status_code == 302 and right["Location"] == page.url
