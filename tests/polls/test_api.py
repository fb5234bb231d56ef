"""Polls through the content API follow the form's rules; errors are RFC 7807 problems."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from polls.models import Poll, PollVote
from polls.voting import form_token
from tests.factories import make_poll

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _vote(client, poll_id, choice, content_type="application/json"):
    body = (
        json.dumps({"choice": choice}) if content_type == "application/json" else f"choice={choice}"
    )
    return client.post(f"/api/v3/polls/{poll_id}/vote/", body, content_type=content_type)


def test_list_and_detail(client, poll, english_poll):
    listing = client.get("/api/v3/polls/", {"locale": "en"}).json()
    assert [p["question"] for p in listing] == [english_poll.question]
    detail = client.get(f"/api/v3/polls/{poll.pk}/")
    data = detail.json()
    assert detail.status_code == 200
    assert data["translation_key"] == str(poll.translation_key)
    assert [a["answer"] for a in data["answers"]] == ["Да", "Не", "Не знам"]
    assert data["is_open"] and not data["has_voted"]
    assert "private" in detail["Cache-Control"]


def test_vote_then_results_are_shown_to_the_voter(client, poll):
    choice = poll.choice_list()[1][0]
    before = client.get(f"/api/v3/polls/{poll.pk}/").json()
    assert before["results_visible"] is False and before["total_votes"] is None
    assert all(a["votes"] is None for a in before["answers"])
    response = _vote(client, poll.pk, choice)
    assert response.status_code == 201
    data = response.json()
    assert data["has_voted"] and data["results_visible"] and data["total_votes"] == 1
    assert data["answers"][1]["votes"] == 1 and data["answers"][1]["percent"] == 100.0
    assert "nrm_polls" in response.cookies
    assert client.get(f"/api/v3/polls/{poll.pk}/").json()["total_votes"] == 1
    # Another visitor still sees no results.
    assert Client().get(f"/api/v3/polls/{poll.pk}/").json()["total_votes"] is None


@pytest.mark.parametrize("host", ["localhost:8123", "127.0.0.1:8000"])
def test_a_page_of_the_portal_votes_from_its_own_origin(client, poll, host):
    """A browser sends the origin of the page it is on: any address the portal answers at
    (ALLOWED_HOSTS), not only the public one. Other sites are still refused."""
    body = json.dumps({"choice": poll.choice_list()[0][0]})
    url = f"/api/v3/polls/{poll.pk}/vote/"
    foreign = client.post(
        url, body, "application/json", headers={"Origin": "http://evil.example"}, HTTP_HOST=host
    )
    assert foreign.status_code == 403
    own = client.post(
        url, body, "application/json", headers={"Origin": f"http://{host}"}, HTTP_HOST=host
    )
    assert own.status_code == 201
    assert PollVote.objects.count() == 1


def test_second_vote_is_a_problem(client, poll):
    choice = poll.choice_list()[0][0]
    _vote(client, poll.pk, choice)
    response = _vote(client, poll.pk, choice)
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 409 and problem["type"] == "urn:nrm:poll:already_voted"
    assert "вече сте гласували" in problem["detail"].lower()
    assert PollVote.objects.count() == 1


def test_english_poll_speaks_english(client, english_poll):
    choice = english_poll.choice_list()[0][0]
    _vote(client, english_poll.pk, choice)
    assert "already voted" in _vote(client, english_poll.pk, choice).json()["detail"]


@pytest.mark.parametrize(
    ("poll_id", "choice", "status", "kind"),
    [
        ("abc", "x", 400, "invalid_id"),
        ("99999", "x", 404, "not_found"),
        (None, "not-a-choice", 400, "invalid_choice"),
        (None, "", 400, "no_choice"),
    ],
)
def test_bad_votes_are_problems(client, poll, poll_id, choice, status, kind):
    response = _vote(client, poll_id or poll.pk, choice)
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == f"urn:nrm:poll:{kind}"
    assert not PollVote.objects.exists()


def test_choice_of_another_poll_is_refused(client, poll, bg_locale):
    other = make_poll(bg_locale, question="Друг?")
    assert _vote(client, poll.pk, other.choice_list()[0][0]).status_code == 400
    assert not PollVote.objects.exists()


def test_closed_poll_refuses_votes_and_shows_results(client, bg_locale):
    now = timezone.now()
    poll = make_poll(
        bg_locale,
        results_visibility=Poll.RESULTS_AFTER_CLOSE,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now - datetime.timedelta(hours=1),
    )
    response = _vote(client, poll.pk, poll.choice_list()[0][0])
    assert response.status_code == 409 and response.json()["type"] == "urn:nrm:poll:closed"
    data = client.get(f"/api/v3/polls/{poll.pk}/").json()
    assert data["results_visible"] and data["total_votes"] == 0 and not data["is_open"]


def test_results_after_close_stay_hidden_even_after_voting(client, bg_locale):
    poll = make_poll(bg_locale, results_visibility=Poll.RESULTS_AFTER_CLOSE)
    data = _vote(client, poll.pk, poll.choice_list()[0][0]).json()
    assert data["has_voted"] and not data["results_visible"] and data["total_votes"] is None
    assert all(a["votes"] is None for a in data["answers"])


def test_votes_must_be_json(client, poll):
    response = _vote(client, poll.pk, poll.choice_list()[0][0], content_type="text/plain")
    assert response.status_code in (400, 415)
    assert response["Content-Type"] == PROBLEM
    assert not PollVote.objects.exists()


def test_api_and_form_share_the_one_vote_rule(client, poll):
    _vote(client, poll.pk, poll.choice_list()[0][0])
    data = {"choice": poll.choice_list()[0][0], "poll_token": form_token(poll.pk)}
    form = client.post(reverse("polls:vote", args=[poll.pk]), data)
    assert form.status_code == 409
    assert PollVote.objects.count() == 1


def test_openapi_schema_lists_the_poll_endpoints(client):
    schema = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/polls/{poll_id}/vote/" in schema["paths"]
    assert "/api/v3/polls/{poll_id}/" in schema["paths"]
