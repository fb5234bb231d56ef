"""Enumeration, token tampering, header injection, address variants, bots and floods."""

import re

import pytest
from django.core import mail, signing
from django.test import Client

from newsletter.models import Subscriber
from newsletter.sending import deliver, start_mailing
from newsletter.tokens import SALT

from .factories import issue_with_articles, subscriber

pytestmark = pytest.mark.django_db


def post_signup(email, name="Анна", client=None, ip="192.0.2.1", **extra):
    client = client or Client()
    data = {"email": email, "name": name, "language": "bg", "source": "page", **extra}
    return client.post("/bg/newsletter/", data, REMOTE_ADDR=ip)


def observable(response):
    follow = Client().get(response["Location"]) if response.status_code == 303 else None
    return (
        response.status_code,
        response.get("Location"),
        response.content,
        tuple(sorted(response.cookies)),
        follow.content if follow else None,
    )


def confirm_path(message):
    return re.search(r"http://testserver(/bg/newsletter/confirm/[^/\s]+/)", message.body).group(1)


def test_same_answer_for_new_pending_confirmed_and_unsubscribed_addresses(bg_home):
    subscriber(1, status=Subscriber.Status.PENDING, email="pending@example.bg")
    subscriber(2, email="confirmed@example.bg")
    subscriber(3, status=Subscriber.Status.UNSUBSCRIBED, email="gone@example.bg")
    answers = {
        email: observable(post_signup(email, ip=f"192.0.2.{n}"))
        for n, email in enumerate(
            ["new@example.bg", "pending@example.bg", "confirmed@example.bg", "gone@example.bg"]
        )
    }
    assert len(set(answers.values())) == 1
    # Nothing changed for the confirmed address until its owner acts.
    assert Subscriber.objects.get(email="confirmed@example.bg").status == "confirmed"
    assert Subscriber.objects.get(email="gone@example.bg").status == "unsubscribed"


def test_same_answer_when_the_mail_server_is_down(bg_home, settings, smtp_server):
    up = observable(post_signup("one@example.bg"))
    assert len(smtp_server.messages) == 1
    settings.EMAIL_PORT = 9  # nothing listens there
    down = observable(post_signup("two@example.bg", ip="192.0.2.9"))
    assert up == down


def test_expired_link_does_not_confirm(bg_home, settings):
    post_signup("anna@example.bg")
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    path = confirm_path(mail.outbox[0])
    assert Client().get(path).status_code == 400
    assert Client().post(path).status_code == 400
    assert Subscriber.objects.get().status == "pending"


def test_a_new_link_replaces_the_old_one(bg_home):
    post_signup("anna@example.bg")
    post_signup("anna@example.bg")
    old, new = (confirm_path(m) for m in mail.outbox)
    assert Client().post(old).status_code == 400
    assert Client().post(new).status_code == 200


def test_a_token_confirms_only_its_own_subscriber_and_cannot_be_forged(bg_home):
    post_signup("anna@example.bg")
    post_signup("ivan@example.bg")
    anna, ivan = Subscriber.objects.order_by("pk")
    token = confirm_path(mail.outbox[0]).split("/")[-2]
    payload = signing.loads(token, salt=SALT)
    forged = signing.dumps({**payload, "s": ivan.pk}, salt=SALT + "x", compress=True)
    assert Client().post(f"/bg/newsletter/confirm/{forged}/").status_code == 400
    tampered = token.replace(
        token.split(":")[0], signing.dumps({**payload, "s": ivan.pk}).split(":")[0]
    )
    assert Client().post(f"/bg/newsletter/confirm/{tampered}/").status_code == 400
    assert Client().post(f"/bg/newsletter/confirm/{token}/").status_code == 200
    anna.refresh_from_db()
    ivan.refresh_from_db()
    assert (anna.status, ivan.status) == ("confirmed", "pending")


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", "Eve\r\nBcc: victim@example.org"),
        ("name", "Eve\nSubject: spam"),
        ("email", "eve@example.bg\r\nBcc: victim@example.org"),
        ("email", "eve@example.bg\nCc:victim@example.org"),
    ],
)
def test_crlf_in_name_or_email_is_rejected(bg_home, field, value):
    data = {"email": "eve@example.bg", "name": "Eve", field: value}
    response = post_signup(**data)
    assert response.status_code == 400
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_stored_control_characters_never_reach_a_header(bg_home, smtp_server):
    issue = issue_with_articles(bg_home)
    reader = subscriber(1, name="Eve\r\nBcc: victim@example.org")
    deliver(start_mailing(issue).pk)
    assert smtp_server.recipients == [reader.email]
    message = smtp_server.messages[0][1]
    assert message["Bcc"] is None
    assert "victim" in str(message["To"]) and "\n" not in str(message["To"])


@pytest.mark.parametrize(
    "variant",
    ["ANNA@Example.BG", " anna@example.bg ", "Ａｎｎａ@ｅｘａｍｐｌｅ.bg", "anna@EXAMPLE.bg."],
)
def test_case_and_unicode_variants_are_the_same_subscriber(bg_home, variant):
    post_signup("anna@example.bg")
    post_signup(variant, ip="192.0.2.2")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["anna@example.bg"]


def test_internationalised_domain_in_unicode_and_punycode_is_one_subscriber(bg_home):
    post_signup("ivan@пример.бг")
    post_signup("IVAN@xn--e1afmkfd.xn--90ae", ip="192.0.2.2")
    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "ivan@xn--e1afmkfd.xn--90ae"
    ]


def test_honeypot_gets_the_ordinary_answer_and_nothing_happens(bg_home):
    bot = observable(post_signup("bot@example.bg", website="http://spam.example"))
    human = observable(post_signup("human@example.bg", ip="192.0.2.2"))
    assert bot == human
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["human@example.bg"]
    assert len(mail.outbox) == 1


def test_rate_limit_per_client(bg_home):
    answers = [post_signup(f"r{n}@example.bg").status_code for n in range(11)]
    assert answers == [303] * 10 + [429]
    assert post_signup("other@example.bg", ip="192.0.2.77").status_code == 303


def test_rate_limit_per_address_caps_mails_without_changing_the_answer(bg_home):
    answers = {observable(post_signup("anna@example.bg", ip=f"192.0.2.{n}")) for n in range(5)}
    assert len(answers) == 1
    assert len(mail.outbox) == 3
