"""A trainee's sign-in resists guessing (lock-out per account and per client, released by
time, by an administrator or by a password reset) and a forgotten password is reset by email,
sent through a real SMTP server on 127.0.0.1, in the page's language, without telling
anyone which addresses have accounts."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.utils import timezone

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/bg/trainee/login/"
RESET = "/bg/trainee/password-reset/"


def sign_in(client, username="maria@example.bg", password=PASSWORD, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times, **kwargs):
    """Fails `times` times: the form answers again until the last failure locks out."""
    statuses = [
        sign_in(client, password="wrong-password", **kwargs).status_code for _ in range(times)
    ]
    assert statuses[:4] == [200] * min(times, 4)
    return statuses[-1]


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(client, trainee):
    fail(client, 4)
    assert sign_in(client).status_code == 302  # four failures and then right: in
    client.logout()
    assert fail(client, 5, address="198.51.100.1") == 429
    locked = sign_in(client, address="198.51.100.99")  # another client, same account
    assert locked.status_code == 429
    text = BeautifulSoup(locked.content, "html.parser").select_one("main").get_text(" ")
    assert "15 минути" in text and "/bg/trainee/password-reset/" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_client_is_locked_after_five_failures_across_accounts(client, trainee):
    for number in range(5):
        sign_in(client, username=f"guess{number}@example.bg", password="x")
    assert sign_in(client).status_code == 429  # the right password, from the same client
    assert sign_in(client, address="192.0.2.50").status_code == 302  # another client


def test_the_lockout_is_released_after_the_cool_off(client, trainee):
    fail(client, 5)
    assert sign_in(client).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(client).status_code == 302


def test_client_addresses_are_stored_only_as_keyed_hashes(client, trainee):
    fail(client, 2)
    stored = AccessAttempt.objects.get()
    assert stored.username == "maria@example.bg" and stored.ip_address.startswith("fd")
    assert "203.0.113.7" not in str(AccessAttempt.objects.values().get())
    assert "wrong-password" not in stored.post_data


def test_the_lockout_page_is_in_english_on_the_english_site(client, trainee):
    for _ in range(5):
        client.post("/en/trainee/login/", {"username": "maria@example.bg", "password": "x"})
    response = client.post("/en/trainee/login/", {"username": "maria@example.bg", "password": "x"})
    assert response.status_code == 429
    assert "too many failed sign-in attempts" in response.content.decode()


def _reset_link(message):
    body = message.get_content()
    return re.search(r"http://testserver(/\S+)", body).group(1), body


def test_a_forgotten_password_is_reset_by_email(client, trainee, smtp_server):
    page = client.get(LOGIN)
    assert RESET in page.content.decode()  # the sign-in page offers it
    response = client.post(RESET, {"email": "Maria@Example.bg"})
    assert response.status_code == 302
    sent = client.get(response["Location"])
    assert "Проверете пощата си" in sent.content.decode()
    [message] = smtp_server.to("maria@example.bg")
    assert "парола" in message["Subject"]
    link, body = _reset_link(message)
    assert link.startswith("/bg/trainee/password-reset/") and "Здравейте" in body
    form = client.get(link, follow=True)
    assert form.status_code == 200 and b'name="new_password1"' in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Nova-Parola-2026", "new_password2": "Nova-Parola-2026"},
        follow=True,
    )
    assert "Паролата ви е сменена" in done.content.decode()
    assert sign_in(client, password="Nova-Parola-2026").status_code == 302
    client.logout()
    assert sign_in(client).status_code == 200  # the old password no longer works
    used = client.get(link, follow=True)
    assert b'name="new_password1"' not in used.content  # a link works once


def test_the_reset_mail_is_in_english_from_the_english_site(client, trainee, smtp_server):
    client.post("/en/trainee/password-reset/", {"email": "maria@example.bg"})
    [message] = smtp_server.to("maria@example.bg")
    link, body = _reset_link(message)
    assert link.startswith("/en/trainee/password-reset/") and "Hello" in body


def test_unknown_and_editor_addresses_get_the_same_answer_and_no_mail(
    client,
    trainee,
    smtp_server,
    django_user_model,
):
    django_user_model.objects.create_superuser("editor", "editor@example.bg", "Editor-2026-x")
    known = client.post(RESET, {"email": "maria@example.bg"})
    unknown = client.post(RESET, {"email": "nobody@example.bg"})
    editor = client.post(RESET, {"email": "editor@example.bg"})
    assert known.status_code == unknown.status_code == editor.status_code == 302
    assert known["Location"] == unknown["Location"] == editor["Location"]
    assert smtp_server.recipients == ["maria@example.bg"]


def test_a_password_reset_lifts_the_lockout(client, trainee, smtp_server):
    fail(client, 5)
    assert sign_in(client).status_code == 429
    client.post(RESET, {"email": "maria@example.bg"})
    link, _ = _reset_link(smtp_server.to("maria@example.bg")[0])
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Nova-Parola-2026", "new_password2": "Nova-Parola-2026"},
    )
    assert sign_in(client, password="Nova-Parola-2026").status_code == 302


def _ask_reset(client, email, address="198.51.100.4", path=RESET):
    return client.post(path, {"email": email}, REMOTE_ADDR=address)


def test_reset_mails_to_one_address_are_limited_without_telling_which_addresses_exist(
    client, trainee, smtp_server, settings
):
    settings.PASSWORD_RESET_RATE_LIMITS = {"client": (100, 3600), "address": (2, 3600)}
    for email in ("maria@example.bg", "nobody@example.bg"):
        assert [_ask_reset(client, email).status_code for _ in range(2)] == [302, 302]
    assert len(smtp_server.to("maria@example.bg")) == 2
    known = _ask_reset(client, "Maria@Example.bg", address="192.0.2.9")
    unknown = _ask_reset(client, "nobody@example.bg", address="192.0.2.9")
    assert known.status_code == unknown.status_code == 429
    assert "Вече изпратихме няколко връзки на този адрес" in known.content.decode()
    assert notice(known) == notice(unknown)
    assert len(smtp_server.to("maria@example.bg")) == 2  # no third mail

    english = _ask_reset(client, "maria@example.bg", path="/en/trainee/password-reset/")
    assert "Several reset links have already been sent to this address" in notice(english)


def test_reset_requests_from_one_client_are_limited(client, trainee, smtp_server, settings):
    settings.PASSWORD_RESET_RATE_LIMITS = {"client": (3, 3600), "address": (100, 3600)}
    for n in range(3):
        assert _ask_reset(client, f"someone{n}@example.bg").status_code == 302
    refused = _ask_reset(client, "maria@example.bg")
    assert refused.status_code == 429
    assert "опитайте отново след 60 минути" in notice(refused)
    assert smtp_server.to("maria@example.bg") == []
    # Another client is still served.
    assert _ask_reset(client, "maria@example.bg", address="192.0.2.77").status_code == 302
    assert len(smtp_server.to("maria@example.bg")) == 1


def notice(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one('[role="alert"]').get_text()
