"""Two polls on one page in Chromium: each click on "Vote" records exactly one vote, in the
poll it belongs to, through the API and without leaving the page; the box then reads exactly
as it does after the same vote without JavaScript (one message, the question kept, "1 глас",
"1 234 гласа"); and a later visit shows that the visitor has voted."""

import pytest

from polls.models import PollVote
from tests.factories import make_poll, publish
from training.models import TrainingIndexPage

from .conftest import open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def two_polls(bg_home, bg_locale):
    """A page with two polls; the first already has 1 233 votes for "Не"."""
    first = make_poll(bg_locale, question="Първи въпрос?")
    second = make_poll(bg_locale, question="Втори въпрос?")
    no = first.choice_list()[1][0]
    PollVote.objects.bulk_create(
        PollVote(poll_key=first.translation_key, choice_id=no) for _ in range(1233)
    )
    index = TrainingIndexPage(
        title="Обучение",
        slug="obuchenie",
        body=[("poll", {"poll": first}), ("poll", {"poll": second})],
    )
    publish(index, bg_home)
    return "/bg/obuchenie/", first, second


def votes(poll):
    stored = PollVote.objects.filter(poll_key=poll.translation_key)
    return {
        choice_id: stored.filter(choice_id=choice_id).count() for choice_id, _ in poll.choice_list()
    }


def vote_with_javascript(page, box, answer):
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    box.get_by_label(answer, exact=True).check()
    with page.expect_response(lambda r: r.url.endswith("/vote/")) as response:
        box.get_by_role("button", name="Гласувайте").click()
    assert response.value.status == 201
    box.locator(".poll-results figcaption").wait_for()
    assert len(posts) == 1, posts
    return box.inner_text()


def vote_without_javascript(page, url, poll, answer):
    page.goto(url)
    box = page.locator(f"#poll-{poll.pk}")
    box.get_by_label(answer, exact=True).check()
    with page.expect_navigation():
        box.get_by_role("button", name="Гласувайте").click()
    return box.inner_text()


def test_two_polls_on_a_page_one_vote_per_click_worded_as_without_javascript(
    browser, live_server, two_polls
):
    path, first, second = two_polls
    url = live_server.url + path
    before = votes(first), votes(second)

    context, page = open_page(browser)
    page.goto(url)
    first_box, second_box = page.locator(f"#poll-{first.pk}"), page.locator(f"#poll-{second.pk}")
    with_script = {
        "first": vote_with_javascript(page, first_box, "Не"),
        "second": vote_with_javascript(page, second_box, "Да"),
    }
    assert page.url == url, "the page was left"
    assert page.evaluate("document.activeElement.className") == "poll__note"
    assert page.recorder.errors == []
    page.goto(url)  # a later visit: the answers give way to "you have voted" and the results
    first_box.locator(".poll-results figcaption").wait_for()
    assert first_box.locator(".poll__form").count() == 0
    assert first_box.locator(".poll__voted").is_visible()
    assert "Първи въпрос?" in first_box.inner_text()
    context.close()

    yes, no = first.choice_list()[0][0], first.choice_list()[1][0]
    assert votes(first) == {**before[0], no: before[0][no] + 1}
    assert votes(second) == {**before[1], second.choice_list()[0][0]: 1}

    # The same votes without JavaScript, from the same state.
    PollVote.objects.filter(pk=PollVote.objects.filter(choice_id=no).last().pk).delete()
    PollVote.objects.filter(poll_key=second.translation_key).delete()
    context, page = open_page(browser, java_script_enabled=False)
    without_script = {
        "first": vote_without_javascript(page, url, first, "Не"),
        "second": vote_without_javascript(page, url, second, "Да"),
    }
    context.close()

    assert with_script == without_script
    assert with_script["first"].count("Благодарим ви, гласът ви е отчетен.") == 1
    assert "Първи въпрос?" in with_script["first"]
    assert "Резултати: 1\xa0234 гласа" in with_script["first"]
    assert "1\xa0234 гласа (100,0%)" in with_script["first"]
    assert "0 гласа (0,0%)" in with_script["first"]
    assert "Резултати: 1 глас" in with_script["second"]
    assert votes(first)[yes] == 0
