"""Trainers see anonymised results per module in the admin, and export them as CSV."""

import codecs
import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from training.models import AssessmentAttempt
from training.scoring import POST_TEST, PRE_TEST, QuestionResult, Score, questions_of

pytestmark = pytest.mark.django_db


def _record(module, kind, right_count, user=None):
    from django.contrib.auth.models import AnonymousUser

    questions = questions_of(module.test_for(kind))
    results = [
        QuestionResult(q, q.correct if i < right_count else frozenset({"999"}))
        for i, q in enumerate(questions)
    ]
    AssessmentAttempt.record(
        module, kind, Score(results, module.pass_mark), user or AnonymousUser()
    )


@pytest.fixture
def trainer(db):
    user = get_user_model().objects.create_user(
        "trainer@example.bg", "trainer@example.bg", "pw-trainer-2026"
    )
    user.groups.add(Group.objects.get(name="Trainers"))
    return user


@pytest.fixture
def results(module, trainee):
    # Pre-test: 1/3 and 2/3 right (33 % and 67 %); post-test: 3/3, 3/3 and 1/3 (100, 100, 33).
    _record(module, PRE_TEST, 1, trainee)
    _record(module, PRE_TEST, 2)
    _record(module, POST_TEST, 3, trainee)
    _record(module, POST_TEST, 3)
    _record(module, POST_TEST, 1)


def test_module_statistics(client, trainer, module, results, trainee):
    client.force_login(trainer)
    response = client.get(reverse("training_statistics_module", args=[module.pk]))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats.pre_attempts, stats.post_attempts) == (2, 3)
    assert stats.pass_rate == 67
    assert stats.average_pre == 50.0 and stats.average_post == 77.7
    assert stats.knowledge_gain == 27.7
    first_post = next(q for q in stats.questions if q.kind == POST_TEST)
    assert (first_post.answered, first_post.correct, first_post.percent_correct) == (3, 3, 100)
    last_pre = [q for q in stats.questions if q.kind == PRE_TEST][-1]
    assert (last_pre.percent_correct, last_pre.difficulty) == (0, "труден")
    html = response.content.decode()
    assert trainee.email not in html and "Мария" not in html


def test_statistics_count_both_languages(client, trainer, module, results, en_locale):
    english = module.copy_for_translation(en_locale, copy_parents=True)
    english.save_revision().publish()
    english = type(module).objects.get(pk=english.pk)
    _record(english, POST_TEST, 3)
    client.force_login(trainer)
    stats = client.get(reverse("training_statistics_module", args=[module.pk])).context["stats"]
    assert stats.post_attempts == 4


def test_csv_exports(client, trainer, module, results):
    client.force_login(trainer)
    modules = client.get(reverse("training_statistics_csv"))
    # Spreadsheet programs take UTF-8 (Cyrillic titles) only with a byte-order mark.
    assert modules.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(modules.content.decode("utf-8-sig"))))
    assert rows[0]["module"] == module.title
    assert rows[0]["post_test_pass_rate_percent"] == "67"
    assert rows[0]["knowledge_gain_points"] == "27.7"
    questions = client.get(reverse("training_statistics_module_csv", args=[module.pk]))
    assert questions["Content-Type"].startswith("text/csv")
    assert questions.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(questions.content.decode("utf-8-sig"))))
    assert len(rows) == 6 and rows[0]["test"] == "pre" and rows[0]["percent_correct"] == "100"


def test_statistics_need_the_permission(client, trainee, module):
    client.force_login(trainee)
    response = client.get(reverse("training_statistics"))
    assert response.status_code in (302, 403)
    client.logout()
    assert client.get(reverse("training_statistics_csv")).status_code in (302, 403)


def test_trainers_see_the_menu_item(client, trainer, module):
    client.force_login(trainer)
    response = client.get(reverse("training_statistics"))
    assert response.status_code == 200
    assert module.title in response.content.decode()
