"""A new trainee confirms their email address before the account works: the link comes
by mail (a real SMTP server on 127.0.0.1), works once, and the sign-in page says what to
do next. Trainee accounts stay out of the admin's listing of editors."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
EMAIL = "ivan@example.bg"


def _register(client, email=EMAIL):
    return client.post(
        reverse("training:register"),
        {"full_name": "Иван Петров", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _sign_in(client, email=EMAIL, password=PASSWORD):
    return client.post(reverse("training:login"), {"username": email, "password": password})


def _link(message):
    body = message.get_body(("plain",)).get_content()
    return re.search(r"https?://\S+", body).group(0)


def test_registration_mails_a_link_that_activates_the_account_once(client, smtp_server, settings):
    response = _register(client)
    assert response["Location"] == reverse("training:confirmation_sent")
    user = get_user_model().objects.get(email=EMAIL)
    assert not user.is_active
    page = client.get(response["Location"]).content.decode()
    assert EMAIL in page and 'name="email"' in page

    [message] = smtp_server.to(EMAIL)
    assert message["Subject"].strip() == "Потвърдете имейл адреса си за обучението на НМН"
    link = _link(message)
    assert link.startswith(settings.PUBLIC_BASE_URL + "/bg/trainee/confirm/")

    # Before confirming, the right password is answered with what to do, not "incorrect".
    refused = _sign_in(client).content.decode()
    assert "не е потвърден" in refused
    assert client.get(reverse("training:dashboard")).status_code == 302

    confirmed = client.get(link.removeprefix(settings.PUBLIC_BASE_URL))
    assert confirmed["Location"] == reverse("training:dashboard")
    assert client.get(reverse("training:dashboard")).status_code == 200
    user.refresh_from_db()
    assert user.is_active

    client.post(reverse("training:logout"))
    again = client.get(link.removeprefix(settings.PUBLIC_BASE_URL))
    assert again.status_code == 400
    assert client.get(reverse("training:dashboard")).status_code == 302
    assert _sign_in(client)["Location"] == reverse("training:dashboard")


def test_a_wrong_password_learns_nothing_about_a_pending_account(client, smtp_server):
    _register(client)
    response = _sign_in(client, password="not-the-password-1")
    text = response.content.decode()
    assert response.status_code == 200
    assert "не е потвърден" not in text
    assert "errorlist" in text


def test_tampered_or_foreign_links_do_not_activate(client, smtp_server, settings):
    _register(client)
    link = _link(smtp_server.to(EMAIL)[0]).removeprefix(settings.PUBLIC_BASE_URL)
    assert client.get(link[:-3] + "xyz/").status_code == 400
    assert client.get("/bg/trainee/confirm/%%%/abc/").status_code == 400
    assert not get_user_model().objects.get(email=EMAIL).is_active


def test_the_link_can_be_sent_again_without_revealing_accounts(client, smtp_server):
    _register(client)
    sent = reverse("training:confirmation_sent")
    known = client.post(sent, {"email": EMAIL.upper()}, follow=True).content.decode()
    unknown = client.post(sent, {"email": "nobody@example.bg"}, follow=True).content.decode()
    assert len(smtp_server.to(EMAIL)) == 2
    assert smtp_server.to("nobody@example.bg") == []
    notice = "нова връзка е на път"
    assert notice in known and notice in unknown
    assert client.post(sent, {"email": "not an address"}).status_code == 200


def test_an_english_registration_gets_an_english_mail(client, smtp_server):
    client.post(
        "/en/trainee/register/",
        {
            "full_name": "Ann Lee",
            "email": "ann@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    [message] = smtp_server.to("ann@example.org")
    assert message["Subject"].strip() == "Confirm your email address for the NRM training"
    assert "/en/trainee/confirm/" in _link(message)


def test_the_sign_in_page_says_what_to_do_next(client):
    page = client.get("/bg/trainee/login/").content.decode()
    assert 'href="/bg/trainee/register/"' in page
    assert 'href="/bg/trainee/register/sent/"' in page
    assert "страницата си за обучение" in page


def test_trainees_are_not_listed_among_editors(admin_client, trainee):
    editor = get_user_model().objects.create_user("editor@example.bg", "editor@example.bg", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    learning_editor = get_user_model().objects.create_user(
        "both@example.bg", "both@example.bg", "x"
    )
    learning_editor.groups.add(*Group.objects.filter(name__in=["Editors", "Trainees"]))

    listing = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "editor@example.bg" in listing and "both@example.bg" in listing
    assert trainee.email not in listing

    trainees = Group.objects.get(name="Trainees")
    chosen = admin_client.get(reverse("wagtailusers_users:index"), {"group": trainees.pk})
    assert trainee.email in chosen.content.decode()
