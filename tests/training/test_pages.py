"""The training pages in both languages with the demo content: structure, click-to-load
videos, constant query counts."""

import pytest
from django.urls import reverse

from portal.models import HomePage
from tests.factories import make_poll
from training.models import LessonPage, TrainingIndexPage, TrainingModulePage

pytestmark = pytest.mark.django_db


def test_training_index_is_allowed_under_the_home_page():
    assert TrainingIndexPage in HomePage.allowed_subpage_models()


def test_demo_content_in_both_languages(client, demo_content, en_locale):
    modules = TrainingModulePage.objects.filter(locale__language_code="bg")
    assert modules.count() == 2
    for module in modules:
        english = module.get_translation(en_locale).specific
        assert english.live and english.pre_test and english.post_test
        assert [b.id for b in english.post_test] == [b.id for b in module.post_test]
        for page in (module, english):
            response = client.get(page.url)
            assert response.status_code == 200
            assert page.title in response.content.decode()
            assert client.get(page.url + "post-test/").status_code == 200
    for lesson in LessonPage.objects.all():
        assert client.get(lesson.url).status_code == 200
    assert "Training" in client.get("/en/").content.decode()
    assert "Does legitimising prostitution" in client.get("/en/").content.decode()


def test_lesson_video_is_only_a_link(client, demo_content):
    lesson = LessonPage.objects.get(slug="indikatori")
    html = client.get(lesson.url).content.decode()
    assert "<iframe" not in html and "<video" not in html
    assert 'href="https://www.youtube.com/' in html
    assert 'src="https://' not in html and "src='https://" not in html


def test_module_page_lists_lessons_and_tests(client, module):
    html = client.get(module.url).content.decode()
    for lesson in module.lessons():
        assert lesson.url in html
    assert module.url + "pre-test/" in html and module.url + "post-test/" in html


def test_lesson_navigation(client, module):
    first, second, third = module.lessons()
    html = client.get(second.url).content.decode()
    assert first.url in html and third.url in html
    assert "2 от 3" in html


def _queries(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # warm caches (site root, locales)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_query_counts_do_not_grow_with_lessons(client, module, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    before_module, before_lesson = count(module.url), count(module.lessons().first().url)
    for number in range(4, 9):
        lesson = LessonPage(title=f"Урок {number}", slug=f"urok-{number}", body=[])
        module.add_child(instance=lesson)
        lesson.save_revision().publish()
    assert count(module.url) == before_module
    assert count(module.lessons().first().url) == before_lesson
    _queries(client, module.url, django_assert_max_num_queries, 22)


def test_trainee_query_counts_are_bounded(trainee_client, module, django_assert_max_num_queries):
    for lesson in module.lessons():
        trainee_client.post(reverse("training:complete_lesson", args=[lesson.pk]))
    _queries(trainee_client, module.url, django_assert_max_num_queries, 29)
    _queries(trainee_client, module.lessons().last().url, django_assert_max_num_queries, 29)


def test_home_page_with_poll_query_count(client, bg_locale, bg_home, django_assert_max_num_queries):
    make_poll(bg_locale)
    _queries(client, "/bg/", django_assert_max_num_queries, 20)


def test_poll_block_in_the_training_index(client, training_index, bg_locale):
    poll = make_poll(bg_locale)
    training_index.body = [("poll", {"poll": poll})]
    training_index.save_revision().publish()
    html = client.get(training_index.url).content.decode()
    assert f'id="poll-{poll.pk}"' in html and poll.question in html
    assert "polls/js/polls.js" in html
