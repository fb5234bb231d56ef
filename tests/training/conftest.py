import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests.factories import publish
from tests.newsletter.conftest import smtp_server  # noqa: F401 (the password reset mail)
from training.models import LessonPage, TrainingIndexPage, TrainingModulePage

PASSWORD = "Trafik-2026-obuchenie"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters (password-reset mails) live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture
def training_index(bg_home):
    index = TrainingIndexPage(title="Обучение", slug="obuchenie")
    bg_home.add_child(instance=index)
    return publish(index)


def make_module(index, slug, title="Идентификация", pass_mark=70):
    module = TrainingModulePage(
        title=title,
        slug=slug,
        audiences=["police"],
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
