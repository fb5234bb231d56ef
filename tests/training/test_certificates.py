"""Certificates: printable for their holder, verifiable by anyone (valid, unknown, revoked)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from training.models import Certificate
from training.models.results import normalise_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(trainee, module):
    return Certificate.issue(trainee, module, 90)[0]


def test_holder_sees_a_printable_certificate(trainee_client, certificate, module):
    response = trainee_client.get(reverse("training:certificate", args=[certificate.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Мария Иванова" in html and module.title in html
    assert certificate.display_code in html
    assert f"http://testserver/bg/certificates/verify/{certificate.display_code}/" in html
    assert 'media="print"' in html and "certificate-print.css" in html


def test_nobody_else_sees_the_certificate_page(client, certificate):
    other = get_user_model().objects.create_user("x@example.bg", "x@example.bg", "pw-123456789")
    client.force_login(other)
    assert client.get(reverse("training:certificate", args=[certificate.code])).status_code == 404


def test_verify_valid_code_in_any_spelling(client, certificate):
    for code in (certificate.code, certificate.display_code, certificate.display_code.lower()):
        response = client.get(reverse("training:verify"), {"code": code})
        assert response.status_code == 200
        assert response.context["certificate"] == certificate
        assert "Мария Иванова" in response.content.decode()
    printed = client.get(reverse("training:verify_code", args=[certificate.display_code]))
    assert printed.status_code == 200


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC", "nonsense", "<script>", "1" * 200])
def test_verify_unknown_code(client, certificate, code):
    response = client.get(reverse("training:verify"), {"code": code})
    assert response.status_code == 404
    assert response.context["certificate"] is None
    assert "<script>" not in response.content.decode().split("</form>")[1]


def test_verify_revoked_code(client, certificate):
    certificate.revoked_at = timezone.now()
    certificate.save()
    response = client.get(reverse("training:verify_code", args=[certificate.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "revoked" in html.lower() or "отнет" in html.lower()


def test_verification_speaks_english_too(client, certificate):
    response = client.get(f"/en/certificates/verify/{certificate.code}/")
    assert "Valid." in response.content.decode()
    assert 'lang="en"' in response.content.decode()


def test_revoked_certificate_is_replaced_by_a_new_one(trainee, module, certificate):
    certificate.revoked_at = timezone.now()
    certificate.save()
    fresh, created = Certificate.issue(trainee, module, 95)
    assert created and fresh.code != certificate.code


def test_codes_avoid_ambiguous_characters():
    assert normalise_code("abcd efgh jkmn") == "ABCDEFGHJKMN"
    assert normalise_code("O0O0-I1I1-AAAA") is None


def test_admin_cannot_add_certificates_by_hand(admin_client):
    response = admin_client.get("/admin/snippets/training/certificate/add/")
    assert response.status_code in (302, 403)


def test_a_verified_certificate_says_who_what_and_when(client, certificate, module):
    response = client.get(reverse("training:verify_code", args=[certificate.display_code]))
    html = BeautifulSoup(response.content, "html.parser")
    facts = html.select_one(".verify__result .certificate-facts")
    assert facts.select_one(".certificate-facts__who").get_text() == "Мария Иванова"
    assert facts.select_one(".certificate-facts__what").get_text() == module.title
    when = facts.select_one(".certificate-facts__when time")
    issued = timezone.localtime(certificate.issued_at)
    assert when["datetime"] == issued.strftime("%Y-%m-%d")
    months = "януари февруари март април май юни юли август септември октомври ноември декември"
    assert when.get_text() == f"{issued.day} {months.split()[issued.month - 1]} {issued.year}"
