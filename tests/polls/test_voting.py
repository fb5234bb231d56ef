"""Poll rules for the plain HTML form: one vote per person, only while open, only for the
poll's own answers, CSRF-protected, counted over both languages, results only when allowed,
and pages that a shared cache can keep."""

import datetime
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from polls.models import Poll, PollVote, PollVoteGuard
from polls.voting import COOKIE_NAME, form_token
from tests.factories import make_poll

pytestmark = pytest.mark.django_db


def _vote(client, poll, choice=None, **extra):
    choice = choice if choice is not None else poll.choice_list()[0][0]
    data = {"choice": choice, "next": "/bg/", "poll_token": form_token(poll.pk)}
    return client.post(reverse("polls:vote", args=[poll.pk]), data, **extra)


def _vote_in_english(client, poll):
    data = {"choice": poll.choice_list()[0][0], "poll_token": form_token(poll.pk)}
    return client.post(f"/en/polls/{poll.pk}/vote/", data)


def test_vote_redirects_back_with_a_message_and_results(client, poll, bg_home):
    response = _vote(client, poll)
    assert response.status_code == 303
    assert response["Location"] == f"/bg/#poll-{poll.pk}"
    assert PollVote.objects.count() == 1
    assert response.cookies[COOKIE_NAME]["samesite"] == "Lax"
    page = client.get("/bg/")
    html = page.content.decode()
    assert "poll__note" in html
    assert "poll-results" in html
    assert "no-store" in page["Cache-Control"]
    # The message is shown once; the next visit is the ordinary, shared page.
    again = client.get("/bg/")
    assert "poll__note" not in again.content.decode()


def test_second_vote_is_refused_and_changes_nothing(client, poll):
    _vote(client, poll)
    response = _vote(client, poll, choice=poll.choice_list()[1][0])
    assert response.status_code == 409
    assert "вече сте гласували" in response.content.decode().lower()
    assert PollVote.objects.count() == 1


def test_closed_and_future_polls_refuse_votes(client, bg_locale):
    now = timezone.now()
    closed = make_poll(
        bg_locale,
        opens_at=now - datetime.timedelta(days=9),
        closes_at=now - datetime.timedelta(days=1),
    )
    future = make_poll(bg_locale, opens_at=now + datetime.timedelta(days=1))
    assert _vote(client, closed).status_code == 409
    assert _vote(client, future).status_code == 409
    assert not PollVote.objects.exists()
    assert COOKIE_NAME not in client.cookies


def test_choice_from_another_poll_is_refused(client, poll, bg_locale):
    other = make_poll(bg_locale, question="Друг въпрос?")
    response = _vote(client, poll, choice=other.choice_list()[0][0])
    assert response.status_code == 400
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("choice", ["", "1", "<b>x</b>", "' OR 1=1 --"])
def test_invalid_choices_are_refused(client, poll, choice):
    assert _vote(client, poll, choice=choice).status_code == 400
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("poll_id", ["abc", "1.5", "-1", "١", "9" * 40])
def test_non_numeric_poll_id_gets_a_message(client, poll_id):
    response = client.post(f"/bg/polls/{poll_id}/vote/", {"choice": "x"})
    assert response.status_code == 400
    assert "poll number" in response.content.decode() or "анкета" in response.content.decode()
    assert client.get(f"/bg/polls/{poll_id}/").status_code == 400


def test_unknown_poll_is_404(client):
    assert client.post("/bg/polls/987654/vote/", {"choice": "x"}).status_code == 404


def test_missing_form_token_gets_a_friendly_localised_page(client, poll):
    url = reverse("polls:vote", args=[poll.pk])
    response = client.post(url, {"choice": poll.choice_list()[0][0]})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="bg"' in html and "Нищо не беше записано" in html
    forged = client.post(
        url, {"choice": poll.choice_list()[0][0], "poll_token": form_token(poll.pk + 1)}
    )
    assert forged.status_code == 403
    english = client.post(f"/en/polls/{poll.pk}/vote/", {"choice": poll.choice_list()[0][0]})
    assert english.status_code == 403
    assert "Nothing was saved" in english.content.decode()
    assert not PollVote.objects.exists()
    assert COOKIE_NAME not in client.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {"secure": True},
    ],
)
def test_votes_from_other_sites_are_refused(client, poll, headers):
    assert _vote(client, poll, **headers).status_code == 403
    assert not PollVote.objects.exists()


def test_voting_with_the_form_on_a_page_that_sets_no_cookie(poll, bg_home):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/bg/")
    assert not page.cookies
    token = re.search(r'name="poll_token" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        reverse("polls:vote", args=[poll.pk]),
        {"poll_token": token, "choice": poll.choice_list()[0][0], "next": "/bg/"},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303
    assert PollVote.objects.count() == 1


def test_votes_in_both_languages_count_together(poll, english_poll):
    assert english_poll.translation_key == poll.translation_key
    assert [c for c, _t in english_poll.choice_list()] == [c for c, _t in poll.choice_list()]
    _vote(Client(REMOTE_ADDR="10.0.0.1"), poll)
    _vote_in_english(Client(REMOTE_ADDR="10.0.0.2"), english_poll)
    rows, total = english_poll.results()
    assert total == 2 and rows[0][2] == 2 and rows[0][1] == "Yes"
    assert poll.results()[0][0][1] == "Да"


def test_english_vote_cookie_also_covers_the_bulgarian_version(client, poll, english_poll):
    assert _vote_in_english(client, english_poll).status_code == 303
    assert _vote(client, poll).status_code == 409


@override_settings(POLL_VOTES_PER_ADDRESS=3)
def test_one_address_may_vote_a_few_times_but_not_without_limit(poll):
    for _ in range(3):
        assert _vote(Client(REMOTE_ADDR="192.0.2.10"), poll).status_code == 303
    response = _vote(Client(REMOTE_ADDR="192.0.2.10"), poll)
    assert response.status_code == 429
    assert _vote(Client(REMOTE_ADDR="192.0.2.11"), poll).status_code == 303
    assert PollVote.objects.count() == 4


@override_settings(CLIENT_IP_META="HTTP_X_REAL_IP", POLL_VOTES_PER_ADDRESS=1)
def test_client_address_header_behind_a_proxy(poll):
    assert (
        _vote(Client(REMOTE_ADDR="10.1.1.1", HTTP_X_REAL_IP="198.51.100.1"), poll).status_code
        == 303
    )
    assert (
        _vote(Client(REMOTE_ADDR="10.1.1.1", HTTP_X_REAL_IP="198.51.100.2"), poll).status_code
        == 303
    )
    assert (
        _vote(Client(REMOTE_ADDR="10.1.1.1", HTTP_X_REAL_IP="198.51.100.1"), poll).status_code
        == 429
    )


def test_nothing_links_a_voter_to_their_answer(poll):
    _vote(Client(REMOTE_ADDR="203.0.113.77"), poll)
    guard = PollVoteGuard.objects.get()
    assert "203.0.113.77" not in guard.digest and len(guard.digest) == 64
    assert {f.name for f in PollVote._meta.get_fields()} == {"id", "poll_key", "choice_id"}
    assert {f.name for f in PollVoteGuard._meta.get_fields()} == {
        "id",
        "poll_key",
        "digest",
        "window",
        "votes",
    }


def test_guard_hash_rotates_between_windows():
    from polls.models import guard_digest

    assert guard_digest("203.0.113.1", "k", 100) != guard_digest("203.0.113.1", "k", 101)


def test_old_guard_windows_are_forgotten(poll):
    PollVoteGuard.objects.create(poll_key=poll.translation_key, digest="x" * 64, window=1, votes=5)
    _vote(Client(), poll)
    assert not PollVoteGuard.objects.filter(window=1).exists()


def _poll_markup(html, poll):
    block = re.search(
        rf'<div class="poll" id="poll-{poll.pk}".*?</div>\s*</section>', html, re.S
    ).group(0)
    return block


def test_page_with_poll_is_the_same_for_voters_and_others(poll, bg_home):
    voter, other = Client(), Client()
    _vote(voter, poll)
    voter.get("/bg/")  # the one-time message
    voted_page = voter.get("/bg/")
    fresh_page = other.get("/bg/")
    assert _poll_markup(voted_page.content.decode(), poll) == _poll_markup(
        fresh_page.content.decode(), poll
    )
    for response in (voted_page, fresh_page):
        assert "private" not in response.get("Cache-Control", "")
        assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("visibility", "before", "after_vote"),
    [
        (Poll.RESULTS_ALWAYS, True, True),
        (Poll.RESULTS_AFTER_VOTE, False, True),
        (Poll.RESULTS_AFTER_CLOSE, False, False),
    ],
)
def test_results_shown_only_when_allowed(
    client, bg_locale, bg_home, visibility, before, after_vote
):
    poll = make_poll(bg_locale, results_visibility=visibility)
    assert ("poll-results" in client.get("/bg/").content.decode()) is before
    assert ("poll-results" in client.get(poll.url_path()).content.decode()) is before
    _vote(client, poll)
    assert ("poll-results" in client.get("/bg/").content.decode()) is after_vote
    again = _vote(client, poll)
    assert ("poll-results" in again.content.decode()) is after_vote


def test_closed_poll_shows_results_and_open_data(client, bg_locale):
    now = timezone.now()
    poll = make_poll(
        bg_locale,
        results_visibility=Poll.RESULTS_AFTER_CLOSE,
        opens_at=now - datetime.timedelta(days=9),
        closes_at=now - datetime.timedelta(days=1),
    )
    first, second = (choice for choice, _text in poll.choice_list()[:2])
    PollVote.objects.bulk_create(
        [PollVote(poll_key=poll.translation_key, choice_id=first) for _ in range(3)]
        + [PollVote(poll_key=poll.translation_key, choice_id=second)]
    )
    html = client.get(poll.url_path()).content.decode()
    assert "poll-results" in html and "75" in html
    csv_response = client.get(reverse("polls:results_csv", args=[poll.pk]))
    assert csv_response.status_code == 200
    # UTF-8 with a byte-order mark, as spreadsheet programs expect for Cyrillic.
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "poll,question,answer_id,answer,votes,percent"
    assert lines[1].endswith(",3,75.0")
    data = client.get(reverse("polls:results_json", args=[poll.pk])).json()
    assert data["total"] == 4 and data["answers"][1]["votes"] == 1


def test_open_data_waits_for_the_poll_to_close(client, poll):
    assert client.get(reverse("polls:results_csv", args=[poll.pk])).status_code == 403
    assert client.get(reverse("polls:results_json", args=[poll.pk])).status_code == 403


def test_results_chart_is_accessible_and_free_of_style_attributes(client, bg_locale):
    poll = make_poll(bg_locale, results_visibility=Poll.RESULTS_ALWAYS)
    choice = poll.choice_list()[0][0]
    PollVote.objects.bulk_create(
        PollVote(poll_key=poll.translation_key, choice_id=choice) for _ in range(2)
    )
    html = client.get(poll.url_path()).content.decode()
    chart = re.search(r'<figure class="poll-results">.*?</figure>', html, re.S).group(0)
    assert "style=" not in html
    assert (
        'aria-hidden="true"' in chart and '<rect class="poll-results__fill" width="100.0"' in chart
    )
    assert "100,0%" in chart or "100.0%" in chart
    assert "<script>" not in html


def test_current_poll_on_home_page_in_both_languages(client, poll, english_poll):
    assert poll.question in client.get("/bg/").content.decode()
    assert english_poll.question in client.get("/en/").content.decode()


def test_no_current_poll_when_none_is_open(client, bg_home):
    assert 'class="poll"' not in client.get("/bg/").content.decode()


def test_vote_view_accepts_only_post(client, poll):
    assert client.get(reverse("polls:vote", args=[poll.pk])).status_code == 405


def test_unsafe_next_is_ignored(client, poll):
    response = client.post(
        reverse("polls:vote", args=[poll.pk]),
        {
            "choice": poll.choice_list()[0][0],
            "next": "https://evil.example/",
            "poll_token": form_token(poll.pk),
        },
    )
    assert response["Location"].startswith(poll.url_path())


def test_results_fragment_only_for_those_who_may_see_them(client, poll, english_poll):
    """The script shows the results from this fragment: the template of the page after a
    vote without JavaScript, in the page's language, and only to a voter."""
    url = reverse("polls:results", args=[poll.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("polls:results", args=["x"])).status_code == 400
    _vote(client, poll)
    fragment = client.get(url)
    assert fragment.status_code == 200
    assert "no-store" in fragment["Cache-Control"]
    assert "Резултати: 1 глас" in fragment.content.decode()
    english = client.get(f"/en/polls/{english_poll.pk}/results/").content.decode()
    assert "Results: 1 vote" in english and "Yes" in english


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("bg", ["Резултати: 1\xa0234 гласа", "1\xa0233 гласа (99,9%)", "1 глас (0,1%)"]),
        ("en", ["Results: 1,234 votes", "1,233 votes (99.9%)", "1 vote (0.1%)"]),
    ],
)
def test_counts_are_grouped_in_each_languages_style(client, poll, english_poll, language, expected):
    yes, no = (choice for choice, _text in poll.choice_list()[:2])
    PollVote.objects.bulk_create(
        PollVote(poll_key=poll.translation_key, choice_id=yes) for _ in range(1233)
    )
    shown = {"bg": poll, "en": english_poll}[language]
    data = {"choice": no, "poll_token": form_token(shown.pk), "next": f"/{language}/"}
    client.post(f"/{language}/polls/{shown.pk}/vote/", data)
    page = client.get(f"/{language}/").content.decode()
    fragment = client.get(f"/{language}/polls/{shown.pk}/results/").content.decode()
    for text in expected:
        assert text in page and text in fragment


def test_a_polls_page_is_shown_only_in_its_own_language(client, poll, english_poll, en_locale):
    """The other language's address of a poll leads to its version in that language, or to
    the poll in its own language, never one language's poll in the other's frame."""
    assert client.get(f"/en/polls/{poll.pk}/")["Location"] == f"/en/polls/{english_poll.pk}/"
    assert client.get(f"/bg/polls/{english_poll.pk}/")["Location"] == f"/bg/polls/{poll.pk}/"
    only_english = make_poll(en_locale)
    assert (
        client.get(f"/bg/polls/{only_english.pk}/")["Location"] == f"/en/polls/{only_english.pk}/"
    )


def test_a_polls_own_page_says_the_question_once(client, poll):
    page = client.get(f"/bg/polls/{poll.pk}/").content.decode()
    assert page.count(poll.question) == 3  # the title, the heading, the form's hidden legend
    assert 'class="poll__question visually-hidden"' in page
    assert f'href="/bg/polls/{poll.pk}/"' not in page  # no link to the page itself
