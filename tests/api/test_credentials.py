"""The API is strict with credentials (RFC 6750): a request with a token the API cannot
accept gets 401 with a problem document and WWW-Authenticate, on public reads too, and
never the anonymous data."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import APIToken

from .conftest import API
from .test_http import assert_problem

pytestmark = pytest.mark.django_db

READS = ["/pages/", "/pages/{page}/", "/site/?locale=bg", "/documents/", "/images/"]


def _reads(pages):
    return [API + url.format(page=pages["bg"].pk) for url in READS]


def _assert_refused(response, error="invalid_token"):
    assert_problem(response, 401)
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith("Bearer realm=")
    assert (f'error="{error}"' in challenge) if error else ("error=" not in challenge)
    assert "Насочване" not in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("header", "error"),
    [
        ("Bearer nonsense", "invalid_token"),
        ("Bearer wagtail_" + "A" * 40, "invalid_token"),
        ("Bearer " + "x" * 5000, "invalid_token"),
        ("Bearer ", ""),
        ("Basic dXNlcjpwYXNz", ""),
    ],
)
def test_bad_credentials_on_public_reads_are_401(client, pages, header, error):
    for url in _reads(pages):
        _assert_refused(client.get(url, headers={"Authorization": header}), error)


def test_a_revoked_token_is_401(client, pages, editor):
    token, plaintext = APIToken.create_token(user=editor, name="old front end")
    auth = {"Authorization": f"Bearer {plaintext}"}
    assert client.get(f"{API}/pages/", headers=auth).status_code == 200
    token.revoke()
    response = client.get(f"{API}/pages/", headers=auth)
    _assert_refused(response)
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_is_401(client, pages, editor, settings):
    settings.API_TOKEN_MAX_AGE_DAYS = 30
    token, plaintext = APIToken.create_token(user=editor, name="old front end")
    APIToken.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=31)
    )
    response = client.get(f"{API}/pages/", headers={"Authorization": f"Bearer {plaintext}"})
    _assert_refused(response)
    assert "expired" in response.json()["detail"]


def test_the_token_of_a_deactivated_user_is_401(client, pages, editor, token):
    editor.is_active = False
    editor.save()
    _assert_refused(client.get(f"{API}/pages/", headers={"Authorization": f"Bearer {token}"}))


def test_a_valid_token_reads(client, pages, token):
    response = client.get(f"{API}/pages/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
