import pytest
from django.core import mail

from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

URL = "/api/v3/newsletter/subscribe"


def post(client, ip="198.51.100.1", **data):
    return client.post(URL, data, content_type="application/json", REMOTE_ADDR=ip)


def test_subscribe_through_the_api(client, bg_home):
    response = post(client, email="Jane@Example.org", name="Jane", language="en")
    assert response.status_code == 202
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.status) == (
        "jane@example.org",
        "en",
        "pending",
    )
    assert subscriber.consent_records.get().source == "api"
    assert "/en/newsletter/confirm/" in mail.outbox[0].body
    again = post(client, email="jane@example.org", name="Jane", language="en")
    assert again.json() == response.json()


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address"},
        {"email": "a@example.org", "name": "A\r\nBcc: b@example.org"},
        {"email": "a@example.org", "language": "de"},
    ],
)
def test_bad_requests_are_problem_documents(client, bg_home, data):
    response = post(client, **data)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["status"] == 400
    assert not Subscriber.objects.exists()


def test_missing_fields_are_a_422_problem(client, bg_home):
    response = post(client, name="No address")
    assert response.status_code == 422
    assert response.json()["status"] == 422


def test_api_shares_the_rate_limit_and_honeypot(client, bg_home):
    assert post(client, email="bot@example.org", website="x").status_code == 202
    assert not Subscriber.objects.exists()
    codes = [post(client, email=f"p{n}@example.org").status_code for n in range(10)]
    assert codes == [202] * 9 + [429]
    assert post(client, email="late@example.org").json()["status"] == 429


def test_the_endpoint_is_in_the_openapi_schema(client):
    assert URL in client.get("/api/v3/openapi.json").json()["paths"]
