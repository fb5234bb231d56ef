"""The admin sign-in resists guessing: lock-out after repeated failures (released by an
administrator), and two-factor sign-in with an authenticator app (TOTP), which editors turn
on themselves and which a setting makes mandatory for administrators."""

import base64
import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django_otp.oath import TOTP

pytestmark = pytest.mark.django_db

PASSWORD = "Redaktor-2026-parola"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.bg", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.bg", PASSWORD)


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_the_admin_login_locks_out_and_an_administrator_unlocks(client, editor, administrator):
    answers = [sign_in(client, "editor", "guess").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    locked = sign_in(client, "editor")  # the right password does not help now
    assert locked.status_code == 429
    assert "твърде много неуспешни опити за влизане" in locked.content.decode()
    assert not client.session.get("_auth_user_id")

    # Another client: the administrator (from another address) sees and lifts it.
    admin_client = type(client)(REMOTE_ADDR="192.0.2.9")
    assert sign_in(admin_client, "chief").status_code == 302
    listing = admin_client.get("/admin/sign-in-lockouts/")
    assert listing.status_code == 200 and "editor" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="editor")
    assert admin_client.post(f"/admin/sign-in-lockouts/{attempt.pk}/unlock/").status_code == 302
    assert sign_in(client, "editor").status_code == 302


def test_only_administrators_see_the_lockouts(client, editor):
    client.force_login(editor)
    assert client.get("/admin/sign-in-lockouts/").status_code in (302, 403)


def code_for(secret, steps_ahead=0):
    """What the authenticator app shows (`steps_ahead` 30-second steps later)."""
    totp = TOTP(secret)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _turn_on(client, user):
    page = client.get("/admin/two-factor/")
    assert page.status_code == 200 and b"<svg" in page.content  # the QR code
    key = re.search(r"<code>([A-Z2-7=]+)</code>", page.content.decode()).group(1)
    wrong = client.post("/admin/two-factor/", {"code": "000000"})
    assert "not right" in wrong.content.decode() or "грешен" in wrong.content.decode()
    secret = base64.b32decode(key)
    time.sleep(1.1)  # django-otp slows down guessing: a second try waits after a wrong code
    response = client.post("/admin/two-factor/", {"code": code_for(secret)})
    assert response.status_code == 302
    return secret


def test_an_editor_turns_two_factor_sign_in_on_and_must_then_give_a_code(client, editor):
    assert sign_in(client, "editor").status_code == 302
    assert client.get("/admin/").status_code == 200  # off by default for editors
    secret = _turn_on(client, editor)
    client.post("/admin/logout/")

    assert sign_in(client, "editor").status_code == 302
    held = client.get("/admin/pages/")
    assert held.status_code == 302 and held["Location"].startswith("/admin/two-factor/verify/")
    assert client.get("/bg/").status_code == 302  # not even the site, signed in half-way
    wrong = client.post("/admin/two-factor/verify/", {"code": "123456", "next": "/admin/pages/"})
    assert wrong.status_code == 200
    time.sleep(1.1)
    # The code of the next step: django-otp never accepts the same code twice.
    code = code_for(secret, steps_ahead=1)
    verified = client.post("/admin/two-factor/verify/", {"code": code, "next": "/admin/pages/"})
    assert verified.status_code == 302 and verified["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200

    # The editor may turn it off again.
    assert client.post("/admin/two-factor/turn-off/").status_code == 302
    assert not editor.totpdevice_set.exists()


def test_the_setting_makes_two_factor_sign_in_mandatory_for_administrators(
    client, administrator, editor, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    assert sign_in(client, "chief").status_code == 302
    held = client.get("/admin/")
    assert held.status_code == 302 and held["Location"].startswith("/admin/two-factor/")
    assert (
        "Администраторите влизат с втори фактор"
        in client.get("/admin/two-factor/").content.decode()
    )
    _turn_on(client, administrator)
    assert client.get("/admin/").status_code == 200
    status = client.get("/admin/two-factor/").content.decode()
    assert "two_factor_turn_off" not in status and "turn-off" not in status
    client.post("/admin/two-factor/turn-off/")  # refused (Wagtail answers with a redirect)
    assert administrator.totpdevice_set.filter(confirmed=True).exists()

    # Editors stay free to choose.
    other = type(client)()
    assert sign_in(other, "editor").status_code == 302
    assert other.get("/admin/").status_code == 200
