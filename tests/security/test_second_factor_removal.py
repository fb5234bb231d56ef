"""An administrator removes, from the admin, the second factor of an editor who has lost
it; nobody else can, and each removal is logged."""

import logging

import pytest
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

PASSWORD = "Redaktor-2026-parola"
LIST = "/admin/second-factors/"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.bg", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.bg", PASSWORD)


def remove_url(user):
    return f"/admin/second-factors/{user.pk}/remove/"


def test_an_administrator_removes_a_lost_second_factor(client, editor, administrator, caplog):
    client.force_login(administrator)
    listing = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "editor@example.bg" in html and remove_url(editor) in html

    assert client.get(remove_url(editor)).status_code == 405  # a link cannot remove it
    assert TOTPDevice.objects.filter(user=editor).exists()

    client.cookies["django_language"] = "en"
    with caplog.at_level(logging.WARNING, logger="portal.second_factors"):
        response = client.post(remove_url(editor), follow=True)
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=editor).exists()
    html = response.content.decode()
    assert "has been removed" in html and remove_url(editor) not in html
    [record] = [r for r in caplog.records if r.name == "portal.second_factors"]
    assert "chief" in record.getMessage() and "editor" in record.getMessage()

    # The editor signs in with the password alone again.
    client.logout()
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_administration_menu_leads_there_in_both_languages(client, administrator):
    client.force_login(administrator)
    for language, label in (("bg", "Втори фактори"), ("en", "Second factors")):
        profile = UserProfile.get_for_user(administrator)
        profile.preferred_language = language
        profile.save()
        page = client.get(LIST).content.decode()
        assert label in page


def test_editors_cannot_remove_anyone_s_second_factor(client, editor, django_user_model):
    other = django_user_model.objects.create_user("other", "other@example.bg", PASSWORD)
    other.groups.add(Group.objects.get(name="Editors"))
    client.force_login(other)
    assert client.get(LIST).status_code in (302, 403)
    assert client.post(remove_url(editor)).status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=editor).exists()


def test_an_administrator_cannot_remove_their_own_here(client, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="authenticator", confirmed=True)
    client.force_login(administrator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # signed in with the code
    session.save()
    refused = client.post(remove_url(administrator))  # the admin's "no permission" answer
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert TOTPDevice.objects.filter(user=administrator).exists()
