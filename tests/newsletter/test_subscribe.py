import re
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.test import Client

from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def signup(client, email="anna@example.bg", name="Анна Петрова", language="bg", **extra):
    data = {"email": email, "name": name, "language": language, "source": "footer", **extra}
    return client.post(f"/{language}/newsletter/", data)


def decoded(addresses):
    return [str(make_header(decode_header(a))) for a in addresses]


def confirm_link(message):
    return re.search(r"http://testserver(/\w\w/newsletter/confirm/[^/\s]+/)", message.body)[1]


def test_footer_form_on_every_page_posts_without_csrf_or_cookies(bg_home):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/bg/")
    assert 'action="/bg/newsletter/"' in page.content.decode()
    assert "csrftoken" not in page.cookies
    response = signup(client)
    assert response.status_code == 303
    assert response["Location"] == "/bg/newsletter/thanks/"
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert [decoded(m.to) for m in mail.outbox] == [["Анна Петрова <anna@example.bg>"]]
    consent = subscriber.consent_records.get()
    assert (consent.action, consent.source) == ("requested", "footer")
    assert consent.wording_version


def test_double_opt_in_get_shows_button_and_only_post_confirms(bg_home):
    client = Client(enforce_csrf_checks=True)
    signup(client)
    link = confirm_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert b'<form method="post">' in page.content
    assert Subscriber.objects.get().status == "pending"
    assert client.post(link).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "confirmed"
    assert list(subscriber.consent_records.values_list("action", flat=True)) == [
        "requested",
        "confirmed",
    ]
    # Single use: the same link neither shows the button nor confirms again.
    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400
    assert subscriber.consent_records.count() == 2


@pytest.mark.parametrize("language", ["bg", "en"])
def test_newsletter_page_in_each_language(bg_home, language):
    response = Client().get(f"/{language}/newsletter/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html
    assert "style=" not in html and "<script>" not in html


def test_subscriber_changes_language_unsubscribes_and_resubscribes(bg_home):
    client = Client(enforce_csrf_checks=True)
    signup(client)
    client.post(confirm_link(mail.outbox[0]))
    subscriber = Subscriber.objects.get()
    path = f"/bg/newsletter/unsubscribe/{subscriber.manage_key}/"
    assert client.post(path, {"action": "language", "language": "en"}).status_code == 200
    assert client.post(path, {"action": "language", "language": "xx"}).status_code == 400
    client.post(path, {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.status) == ("en", "unsubscribed")
    client.post(path, {"action": "resubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    assert list(subscriber.consent_records.values_list("action", flat=True)) == [
        "requested",
        "confirmed",
        "language",
        "unsubscribed",
        "confirmed",
    ]
    assert client.get("/bg/newsletter/unsubscribe/not-a-key/").status_code == 404


def test_an_unsubscribed_address_signs_up_again_through_double_opt_in(bg_home):
    client = Client()
    signup(client)
    client.post(confirm_link(mail.outbox[0]))
    subscriber = Subscriber.objects.get()
    client.post(f"/bg/newsletter/unsubscribe/{subscriber.manage_key}/")
    signup(client, name="Анна П.", language="en")
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.name) == ("unsubscribed", "Анна Петрова")
    assert "/en/newsletter/confirm/" in mail.outbox[-1].body
    assert "Confirm your subscription" in mail.outbox[-1].subject
    client.post(confirm_link(mail.outbox[-1]))
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.name, subscriber.language) == (
        "confirmed",
        "Анна П.",
        "en",
    )
