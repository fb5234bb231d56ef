"""Trainee registration, sign-in, progress and resume; account pages are never cached."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from training.models import LessonProgress

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _register(client, email="ivan@example.bg", password=PASSWORD, password2=None):
    return client.post(
        reverse("training:register"),
        {
            "full_name": "Иван Петров",
            "email": email,
            "password1": password,
            "password2": password2 or password,
        },
    )


def test_registration_creates_a_trainee_without_admin_access(client):
    response = _register(client, email="Ivan@Example.bg")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ivan@example.bg")
    assert list(user.groups.values_list("name", flat=True)) == ["Trainees"]
    assert not user.is_staff and not user.has_perm("wagtailadmin.access_admin")
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]
    # Not signed in until the address is confirmed (test_verification.py).
    assert not user.is_active
    assert client.get(reverse("training:dashboard")).status_code == 302


def test_registration_errors_are_shown_and_nothing_is_created(client, trainee):
    assert _register(client, email=trainee.email).status_code == 200
    assert _register(client, password2="something-else-2026").status_code == 200
    response = _register(client, password="12345678")
    assert response.status_code == 200
    assert get_user_model().objects.count() == 1
    assert "errorlist" in response.content.decode()


def test_sign_in_with_email_and_sign_out(client, trainee):
    response = client.post(
        reverse("training:login"), {"username": "MARIA@example.bg", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:dashboard")
    assert client.post(reverse("training:logout")).status_code == 302
    assert client.get(reverse("training:dashboard")).status_code == 302


@pytest.mark.parametrize("name", ["dashboard", "register", "login"])
def test_account_pages_are_not_stored(trainee_client, name):
    response = trainee_client.get(reverse(f"training:{name}"), follow=True)
    assert "no-store" in response["Cache-Control"]


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("training:dashboard"))
    assert response.status_code == 302
    assert reverse("training:login") in response["Location"]


def test_progress_and_resume(trainee_client, trainee, module):
    lessons = list(module.lessons())
    page = trainee_client.get(module.url)
    assert "private" in page["Cache-Control"]
    assert page.context["progress"].resume_lesson == lessons[0]

    response = trainee_client.post(reverse("training:complete_lesson", args=[lessons[0].pk]))
    assert response.status_code == 302 and response["Location"] == lessons[1].url
    trainee_client.post(reverse("training:complete_lesson", args=[lessons[0].pk]))
    assert LessonProgress.objects.filter(user=trainee).count() == 1

    progress = trainee_client.get(module.url).context["progress"]
    assert progress.completed_count == 1
    assert progress.resume_lesson == lessons[1]
    dashboard = trainee_client.get(reverse("training:dashboard")).content.decode()
    assert module.title in dashboard and lessons[1].url in dashboard

    trainee_client.post(reverse("training:complete_lesson", args=[lessons[1].pk]))
    last = trainee_client.post(reverse("training:complete_lesson", args=[lessons[2].pk]))
    assert last["Location"] == module.url
    progress = trainee_client.get(module.url).context["progress"]
    assert progress.percent == 100 and progress.resume_lesson is None


def test_progress_is_kept_across_languages(trainee_client, trainee, module, en_locale):
    lesson = module.lessons().first()
    trainee_client.post(reverse("training:complete_lesson", args=[lesson.pk]))
    english = module.copy_for_translation(en_locale, copy_parents=True)
    english.save_revision().publish()
    for child in module.lessons():
        child.copy_for_translation(en_locale).save_revision().publish()
    english = type(module).objects.get(pk=english.pk)
    progress = trainee_client.get(english.url).context["progress"]
    assert progress.completed_count == 1
    assert progress.resume_lesson.locale == en_locale


def test_completing_a_lesson_needs_a_post_and_a_trainee(client, trainee_client, module):
    lesson = module.lessons().first()
    url = reverse("training:complete_lesson", args=[lesson.pk])
    assert trainee_client.get(url).status_code == 405
    client.logout()
    assert client.post(url).status_code == 302
    assert not LessonProgress.objects.exists()


def test_anonymous_pages_are_the_same_for_everyone(client, module):
    response = client.get(module.lessons().first().url)
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")
    assert "Mark as completed" not in response.content.decode()
