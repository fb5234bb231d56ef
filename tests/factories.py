"""Builders shared by every app's tests."""

import datetime

from django.utils import timezone
from wagtail.blocks import StreamValue

from polls.models import Poll


def publish(page, parent=None):
    """Publish `page` (first adding it under `parent`, when given) and return it as stored."""
    if parent is not None:
        parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


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
