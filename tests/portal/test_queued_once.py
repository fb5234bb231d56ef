"""Saving an object several times in one transaction queues one index update for it when a
worker runs the tasks later (the database queue); a rolled-back savepoint takes its task
with it, so the object is queued again after."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from portal.models import ContentPage

pytestmark = pytest.mark.django_db

SEARCH_TASK = "modelsearch.tasks.insert_or_update_object_task"
REFERENCE_TASK = "wagtail.tasks.update_reference_index_task"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued(path, page):
    return [
        row
        for row in DBTaskResult.objects.filter(task_path=path)
        if row.args_kwargs["args"][-1] == str(page.pk)
    ]


def test_one_index_update_per_object_per_transaction(database_queue, bg_home):
    with transaction.atomic():
        page = bg_home.add_child(instance=ContentPage(title="Веднъж", slug="vednazh"))
        for title in ("Два пъти", "Три пъти"):
            page.title = title
            page.save()
        page.save_revision().publish()
    assert len(queued(SEARCH_TASK, page)) == 1
    assert len(queued(REFERENCE_TASK, page)) == 1


def test_a_rolled_back_savepoint_does_not_swallow_the_next_update(database_queue, bg_home):
    try:
        with transaction.atomic():
            bg_home.save()
            raise RuntimeError
    except RuntimeError:
        pass
    assert queued(SEARCH_TASK, bg_home) == []
    bg_home.save()
    bg_home.save()
    assert len(queued(SEARCH_TASK, bg_home)) == 1
