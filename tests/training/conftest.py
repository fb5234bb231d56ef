import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.blocks import StreamValue

from tests.newsletter.conftest import smtp_server  # noqa: F401 (the password reset mail)
from training.models import LessonPage, Poll, TrainingIndexPage, TrainingModulePage

PASSWORD = "Trafik-2026-obuchenie"


def _choices(texts, right):
    return [{"text": text, "correct": i in right} for i, text in enumerate(texts)]


def assessment(prefix):
    return [
        (
            "single_choice",
            {
                "text": f"{prefix}: who can be a victim?",
                "explanation": "Anyone.",
                "choices": _choices(["Only foreigners", "Anyone", "Only women"], {1}),
            },
        ),
        (
            "multiple_choice",
            {
                "text": f"{prefix}: which are indicators?",
                "explanation": "The first two.",
                "choices": _choices(
                    ["Documents held by another", "Rehearsed story", "Visa"], {0, 1}
                ),
            },
        ),
        (
            "true_false",
            {
                "text": f"{prefix}: consent rules out trafficking.",
                "explanation": "It does not.",
                "statement_is_true": False,
            },
        ),
    ]


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def training_index(bg_home):
    index = TrainingIndexPage(title="Обучение", slug="obuchenie")
    bg_home.add_child(instance=index)
    return publish(index)


def make_module(index, slug, title="Идентификация", pass_mark=70):
    module = TrainingModulePage(
        title=title,
        slug=slug,
        audience="Гранична полиция",
        pre_test=assessment(f"{slug} pre"),
        post_test=assessment(f"{slug} post"),
        pass_mark=pass_mark,
    )
    index.add_child(instance=module)
    module = publish(module)
    for number in (1, 2, 3):
        lesson = LessonPage(
            title=f"Урок {number}",
            slug=f"urok-{number}",
            body=[("paragraph", f"<p>Текст на урок {number}</p>")],
        )
        module.add_child(instance=lesson)
        publish(lesson)
    return module


@pytest.fixture
def module(training_index):
    return make_module(training_index, "modul")


@pytest.fixture
def other_module(training_index):
    return make_module(training_index, "drug-modul", title="Друг модул")


@pytest.fixture
def trainee(db):
    user = get_user_model().objects.create_user(
        username="maria@example.bg",
        email="maria@example.bg",
        password=PASSWORD,
        first_name="Мария",
        last_name="Иванова",
    )
    user.groups.add(Group.objects.get(name="Trainees"))
    return user


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


def make_poll(locale, question="Легализирането увеличава ли трафика?", **kwargs):
    now = timezone.now()
    values = {
        "opens_at": now - datetime.timedelta(days=1),
        "results_visibility": Poll.RESULTS_AFTER_VOTE,
        "choices": [("choice", "Да"), ("choice", "Не"), ("choice", "Не знам")],
    }
    values.update(kwargs)
    poll = Poll.objects.create(locale=locale, question=question, **values)
    return Poll.objects.get(pk=poll.pk)


def translate_poll(poll, locale, question, answers):
    english = poll.copy_for_translation(locale)
    english.question = question
    english.choices = StreamValue(
        english.choices.stream_block,
        [
            {"type": "choice", "value": text, "id": block.id}
            for block, text in zip(english.choices, answers, strict=True)
        ],
        is_lazy=True,
    )
    english.save()
    return Poll.objects.get(pk=english.pk)


@pytest.fixture
def poll(bg_locale):
    return make_poll(bg_locale)


@pytest.fixture
def english_poll(poll, en_locale):
    return translate_poll(
        poll, en_locale, "Does legalisation increase trafficking?", ["Yes", "No", "Not sure"]
    )
